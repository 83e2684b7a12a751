package io.qvit.plugins.tsptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** O-2SF: outlier channels from calibration ranges get 2^m·Δ, one flag each. */
class O2sfFitTest {
    private static final QuantSite NORM = new QuantSite("blocks.3", SiteRole.NORM_INPUT);

    /** 64 channels of N(0, 1) and two outlier channels (3 and 40) of N(0, 40²). */
    private static Tensor stream(long seed) {
        Random r = new Random(seed);
        int c = 64;
        float[] x = new float[256 * c];
        for (int i = 0; i < x.length; i++) {
            int ch = i % c;
            x[i] = (float) (r.nextGaussian() * (ch == 3 || ch == 40 ? 40 : 1));
        }
        return Tensor.of(x, 2, 128, c);
    }

    private static O2sfTensorQuantizer fitted(Map<String, Object> options, Tensor x) {
        O2sfTensorQuantizer q = (O2sfTensorQuantizer) new O2sfQuantizer().create(NORM,
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0, options));
        q.observe(x);
        q.fit();
        return q;
    }

    /** The squared error over the normal channels (all but 3 and 40). */
    private static double sse(O2sfTensorQuantizer q, Tensor x) {
        return sse(q, x, Set.of(3, 40));
    }

    /** The squared error over the channels not in {@code skip} (64 channels). */
    private static double sse(O2sfTensorQuantizer q, Tensor x, Set<Integer> skip) {
        float[] a = x.data();
        float[] b = q.quantize(x).data();
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            if (skip.contains(i % 64)) {
                continue;
            }
            e += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return e;
    }

    @Test
    void theOutlierChannelsAreFlaggedAndGetAPowerOfTwoLargerScale() {
        Tensor x = stream(1);
        O2sfTensorQuantizer q = fitted(Map.of(), x);
        assertEquals(List.of(3, 40), q.params().extra().get("outlier_channels"));
        OutlierChannels.Grid g = q.grid();
        assertTrue(g.ratioLog2() >= 4, "a 40x wider channel needs m >= 4, got " + g.ratioLog2());
        float[] s = q.params().scale().data();
        assertEquals(Math.scalb(s[0], g.ratioLog2()), s[3]);
        assertEquals(s[0], s[5]);
        double none = sse(fitted(Map.of("thresholds", List.of(0)), x), x);
        assertTrue(sse(q, x) < none / 100, "one shared minmax scale loses the normal channels: " + sse(q, x) + " vs " + none);
    }

    @Test
    void theRatioIsCappedAndTheSharedZeroPointIsKept() {
        O2sfTensorQuantizer q = fitted(Map.of("ratios", List.of(2), "thresholds", List.of(4)), stream(2));
        assertEquals(2, q.grid().ratioLog2());
        float[] z = q.params().zeroPoint().data();
        for (float v : z) {
            assertEquals(z[0], v);
        }
    }

    /** 60 channels of N(0, 1), three (10, 20, 30) of N(0, 8²) and one (50) of N(0, 300²). */
    private static Tensor threeClasses(long seed) {
        Random r = new Random(seed);
        float[] x = new float[256 * 64];
        for (int i = 0; i < x.length; i++) {
            int ch = i % 64;
            x[i] = (float) (r.nextGaussian() * (ch == 50 ? 300 : ch % 10 == 0 && ch > 0 && ch < 40 ? 8 : 1));
        }
        return Tensor.of(x, 2, 128, 64);
    }

    @Test
    void twoFlagBitsGiveModerateAndMassiveChannelsTheirOwnExponents() {
        Tensor x = threeClasses(3);
        O2sfTensorQuantizer one = fitted(Map.of(), x);
        O2sfTensorQuantizer two = fitted(Map.of("flag_bits", 2), x);
        assertEquals(1, Arrays.stream(one.grid().exponent()).filter(e -> e > 0).distinct().count(),
                "one flag bit: one outlier exponent");
        int[] e = two.grid().exponent();
        assertTrue(e[10] > 0 && e[10] == e[20] && e[20] == e[30] && e[50] > e[10],
                "moderate and massive channels get different exponents: " + Arrays.toString(e));
        assertEquals(0, e[0]);
        assertEquals(Math.scalb(two.params().scale().data()[0], e[10]), two.params().scale().data()[10]);
        assertEquals(2, two.params().extra().get("flag_bits"));
        Set<Integer> wide = Set.of(10, 20, 30, 50);
        assertTrue(sse(two, x, wide) < sse(one, x, wide) / 10,
                "the normal channels keep a fine grid: " + sse(two, x, wide) + " vs " + sse(one, x, wide));
    }

    @Test
    void weightsAndOtherGranularitiesAreRefused() {
        O2sfQuantizer o = new O2sfQuantizer();
        QuantizerConfig ok = new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0, Map.of());
        assertThrows(IllegalArgumentException.class, () -> o.create(new QuantSite("blocks.0", SiteRole.FC1_WEIGHT), ok));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> o.validate(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, Map.of())));
        assertTrue(e.getMessage().contains("granularity per-tensor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> o.validate(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0,
                        Map.of("thresholds", List.of(0.5)))));
        assertTrue(e.getMessage().contains("option 'thresholds'"), e.getMessage());
    }
}
