package io.qvit.plugins.uniform;

import static io.qvit.plugins.uniform.Fixtures.ACT;
import static io.qvit.plugins.uniform.Fixtures.fitted;
import static io.qvit.plugins.uniform.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.TensorQuantizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grid formulas, rounding and degenerate ranges, on hand-computed examples. */
class UniformGridTest {

    @Test
    void roundsHalfToEvenLikeTorchRound() {
        // symmetric 8 bit, max|x| = 127 -> s = 127 / 127 = 1 exactly, so x / s is x.
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, true, "minmax", vec(-127f, 127f));
        assertEquals(1f, q.params().scale().data()[0]);
        float[] out = q.quantize(vec(0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f, -3.5f, 0.49999997f, 2.5000002f)).data();
        // (-0.5 rounds to -0.0 as in torch; adding the zero point 0 makes it +0.0: the sign of zero is not kept)
        assertArrayEquals(new float[] {0f, 2f, 2f, 4f, 0f, -2f, -2f, -4f, 0f, 3f}, out);
    }

    @Test
    void asymmetricRoundsHalfToEvenBeforeAddingTheZeroPoint() {
        // asymmetric 8 bit on [-10, 245]: s = 255 / 255 = 1, z = round(10) = 10.
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "minmax", vec(-10f, 245f));
        assertEquals(1f, q.params().scale().data()[0]);
        assertEquals(10f, q.params().zeroPoint().data()[0]);
        float[] out = q.quantize(vec(0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -9.5f, -10.5f, 244.5f, 300f, -30f)).data();
        // round(x) + 10, clamped to [0, 255], minus 10: -10.5 -> -10 (even), clamps at -10 and 245.
        assertArrayEquals(new float[] {0f, 2f, 2f, 0f, -2f, -10f, -10f, 244f, 245f, -10f}, out);
    }

    @Test
    void asymmetricFormulaAtTwoAndFourBits() {
        // range [-1, 2]. 2 bit: s = 3/3 = 1, z = round(1) = 1, codes 0..3 -> values -1, 0, 1, 2.
        TensorQuantizer q2 = fitted(ACT, 2, Granularity.PER_TENSOR, false, "minmax", vec(-1f, 0.3f, 2f));
        assertEquals(1f, q2.params().scale().data()[0]);
        assertEquals(1f, q2.params().zeroPoint().data()[0]);
        assertArrayEquals(new float[] {0f, 2f, 2f, -1f, -1f, 1f}, q2.quantize(vec(0.4f, 1.6f, 5f, -3f, -0.7f, 0.7f)).data());
        // 4 bit: s = 3/15 = 0.2, z = round(1/0.2) = 5, codes 0..15 -> values (q - 5)·0.2 in [-1, 2].
        TensorQuantizer q4 = fitted(ACT, 4, Granularity.PER_TENSOR, false, "minmax", vec(-1f, 2f));
        assertEquals(3f / 15f, q4.params().scale().data()[0]);
        assertEquals(5f, q4.params().zeroPoint().data()[0]);
        float s = 3f / 15f;
        // 0.33 / 0.2 = 1.65 -> 2 -> code 7 -> 2·s; -0.95 -> -4.75 -> -5 -> code 0 -> -5·s; 1.93 -> 9.65 -> 10 -> code 15
        assertArrayEquals(new float[] {(7 - 5f) * s, (0 - 5f) * s, (15 - 5f) * s, (15 - 5f) * s},
                q4.quantize(vec(0.33f, -0.95f, 1.93f, 9f)).data());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void asymmetricParametersAtEveryBitWidth(int bits) {
        TensorQuantizer q = fitted(ACT, bits, Granularity.PER_TENSOR, false, "minmax", vec(-1f, 0.5f, 2f));
        int levels = (1 << bits) - 1;
        float s = 3f / levels;
        float z = (float) Math.rint(1f / s);
        QuantParams p = q.params();
        assertEquals(s, p.scale().data()[0]);
        assertEquals(z, p.zeroPoint().data()[0]);
        assertEquals(0, p.extra().get("qmin"));
        assertEquals(levels, p.extra().get("qmax"));
        assertEquals(false, p.extra().get("symmetric"));
        // (hand) expected z: 2 bit 1, 3 bit round(7/3) = 2, 4 bit 5, 5 bit round(31/3) = 10, 6 bit 21, 7 bit round(127/3) = 42, 8 bit 85
        int[] hand = {0, 0, 1, 2, 5, 10, 21, 42, 85};
        assertEquals(hand[bits], (int) p.zeroPoint().data()[0]);
        // the range ends are on the grid: -1 -> code 0 ... and 0 is code z exactly
        float[] out = q.quantize(vec(0f, -5f, 5f)).data();
        assertEquals(0f, out[0]);
        assertEquals((0 - z) * s, out[1]);
        assertEquals((levels - z) * s, out[2]);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
    void symmetricParametersAtEveryBitWidth(int bits) {
        TensorQuantizer q = fitted(ACT, bits, Granularity.PER_TENSOR, true, "minmax", vec(-1.5f, 0.25f, 1f));
        int half = 1 << (bits - 1);
        float s = 1.5f / (half - 1);
        QuantParams p = q.params();
        assertEquals(s, p.scale().data()[0]);
        assertEquals(0f, p.zeroPoint().data()[0]);
        assertEquals(-half, p.extra().get("qmin"));
        assertEquals(half - 1, p.extra().get("qmax"));
        float[] out = q.quantize(vec(-3f, 3f, -1.5f)).data();
        assertEquals(-half * s, out[0]);        // clamps at -2^(b-1)
        assertEquals((half - 1) * s, out[1]);   // clamps at 2^(b-1) - 1
        assertEquals(-(half - 1) * s, out[2]);  // -max|x| is a code
    }

    @Test
    void symmetricTwoBitByHand() {
        // max|x| = 1.5, 2 bit: s = 1.5 / 1, codes -2..1 -> values -3, -1.5, 0, 1.5
        TensorQuantizer q = fitted(ACT, 2, Granularity.PER_TENSOR, true, "minmax", vec(-1.5f, 1f));
        assertArrayEquals(new float[] {-3f, 1.5f, -1.5f, 0f, 1.5f},
                q.quantize(vec(-3.5f, 2f, -0.8f, 0.7f, 0.76f)).data());
    }

    @Test
    void ptq4vitSymmetricScale() {
        TensorQuantizer q = new UniformQuantizer().create(ACT, Fixtures.config(4, Granularity.PER_TENSOR, true, "minmax", 0,
                Map.of("symmetric_scale", "ptq4vit")));
        q.observe(vec(-1.5f, 1f));
        q.fit();
        assertEquals(1.5f / 7.5f, q.params().scale().data()[0]);
        assertEquals("ptq4vit", q.params().extra().get("symmetric_scale"));
        // -1.5 / 0.2 = -7.5 -> -8 (half to even) = qmin: the negative end reaches the extra code
        assertEquals(-8 * (1.5f / 7.5f), q.quantize(vec(-1.5f)).data()[0]);
    }

    @Test
    void constantChannelsAreExactAndScalesFinite() {
        // [2, 3, 3] activations: channel 0 varies, channel 1 is 0.37, channel 2 is -1.25 ... and a zero tensor
        float[] d = {0.1f, 0.37f, -1.25f, 0.9f, 0.37f, -1.25f, -0.4f, 0.37f, -1.25f, 0.2f, 0.37f, -1.25f, 0.3f, 0.37f, -1.25f,
            0.5f, 0.37f, -1.25f};
        io.qvit.api.tensor.Tensor x = io.qvit.api.tensor.Tensor.of(d, 2, 3, 3);
        for (String init : new String[] {"minmax", "percentile", "percentile-mse", "mse"}) {
            for (boolean symmetric : new boolean[] {false, true}) {
                TensorQuantizer q = fitted(ACT, 4, Granularity.PER_CHANNEL, symmetric, init, x);
                float[] s = q.params().scale().data();
                float[] z = q.params().zeroPoint().data();
                assertEquals(0.37f, s[1], init);
                assertEquals(1.25f, s[2], init);
                assertEquals(0f, z[1], init);
                assertEquals(symmetric ? 0f : 1f, z[2], init);
                assertEquals(java.util.List.of(1, 2), q.params().extra().get("constant_groups"), init);
                float[] y = q.quantize(x).data();
                for (int i = 1; i < d.length; i += 3) {
                    assertEquals(0.37f, y[i], init + " symmetric=" + symmetric);
                    assertEquals(-1.25f, y[i + 1], init + " symmetric=" + symmetric);
                }
            }
        }
    }

    @Test
    void allZeroTensorGetsScaleOneAndStaysZero() {
        for (boolean symmetric : new boolean[] {false, true}) {
            TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, symmetric, "minmax", vec(0f, 0f, 0f));
            assertEquals(1f, q.params().scale().data()[0]);
            assertEquals(0f, q.params().zeroPoint().data()[0]);
            assertArrayEquals(new float[] {0f, 0f}, q.quantize(vec(0f, 0f)).data());
        }
    }

    @Test
    void nearConstantRangeWithSubnormalScaleFallsBackToAFiniteGrid() {
        float c = 1e-30f;  // (max - min) / 255 is subnormal
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "minmax", vec(c, Math.nextUp(c)));
        float s = q.params().scale().data()[0];
        assertEquals(Math.nextUp(c), s);
        assertEquals(0f, q.params().zeroPoint().data()[0]);
        assertEquals(Math.nextUp(c), q.quantize(vec(c)).data()[0]);
    }
}
