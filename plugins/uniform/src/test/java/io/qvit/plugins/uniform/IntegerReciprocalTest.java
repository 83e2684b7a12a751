package io.qvit.plugins.uniform;

import static io.qvit.plugins.uniform.Fixtures.ACT;
import static io.qvit.plugins.uniform.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Option {@code integer_reciprocal}: the fitted scale {@code s} is the coarsest-needed grid
 * {@code 1/(cK)} on which I-ViT's shift-exponential constant {@code floor(-1/(c s))} is exactly
 * {@code -K} (authors' {@code IntSoftmax}/{@code IntGELU} compute {@code x0 = floor(-1/s)}).
 */
class IntegerReciprocalTest {

    private static TensorQuantizer fitted(int bits, double c, float max) {
        Map<String, Object> options = c > 0 ? Map.of("integer_reciprocal", c) : Map.of();
        TensorQuantizer q = new UniformQuantizer().create(ACT, new QuantizerConfig(bits, Granularity.PER_TENSOR, true,
                "minmax", 0, options));
        q.observe(vec(-max / 3, max));
        q.fit();
        return q;
    }

    @Test
    void scaleHasAnExactIntegerReciprocal() {
        for (double c : new double[] {1, 1.702}) {
            for (int bits : new int[] {8, 16}) {
                for (float max = 0.37f; max < 60; max *= 1.31f) {
                    float s = fitted(bits, c, max).params().scale().data()[0];
                    float minmax = fitted(bits, 0, max).params().scale().data()[0];
                    long k = (long) Math.max(1, Math.floor(1 / (c * minmax)));
                    assertEquals(-k, (long) Math.floor(-1.0 / (c * (double) s)), "c " + c + " bits " + bits + " max " + max);
                    assertTrue(s >= minmax, "the range is kept: " + s + " < " + minmax);
                    assertTrue(Math.abs(s * c * k - 1) < 1e-6, "s = 1/(cK): " + s + " K " + k);
                    // the smallest such float32: one ulp less would give floor(-1/(c s)) = -K-1
                    assertTrue(Math.floor(-1.0 / (c * (double) Math.nextDown(s))) < -k, "not the smallest: " + s);
                }
            }
        }
    }

    @Test
    void largeScalesBecomeOneOverC() {
        // max 500 at 8 bits: s = 3.94 > 1, so K = max(1, 0) = 1 and s = 1/c
        assertEquals(1f, fitted(8, 1, 500f).params().scale().data()[0]);
    }

    @Test
    void badValuesAndAsymmetricGridsAreRefused() {
        UniformQuantizer q = new UniformQuantizer();
        for (Object bad : new Object[] {0, -1.5, "x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.validate(
                    new QuantizerConfig(8, Granularity.PER_TENSOR, true, "minmax", 0, Map.of("integer_reciprocal", bad))));
            assertTrue(e.getMessage().contains("integer_reciprocal"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.validate(
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of("integer_reciprocal", 1))));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
    }
}
