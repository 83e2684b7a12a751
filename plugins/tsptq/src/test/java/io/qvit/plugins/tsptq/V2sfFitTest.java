package io.qvit.plugins.tsptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The V-2SF search: m, Δ and z from calibration data, on the squared error of the values. */
class V2sfFitTest {
    private static final QuantSite PROBS = new QuantSite("blocks.0", SiteRole.ATTN_PROBS);

    /** Softmax-like rows: most values near 0, a few large. */
    private static Tensor probs(long seed) {
        Random r = new Random(seed);
        int t = 64;
        float[] x = new float[8 * t * t];
        for (int row = 0; row < 8 * t; row++) {
            double[] e = new double[t];
            double sum = 0;
            for (int j = 0; j < t; j++) {
                e[j] = Math.exp(3 * r.nextGaussian());
                sum += e[j];
            }
            for (int j = 0; j < t; j++) {
                x[row * t + j] = (float) (e[j] / sum);
            }
        }
        return Tensor.of(x, 2, 4, t, t);
    }

    private static V2sfTensorQuantizer fitted(Map<String, Object> options, Tensor data) {
        QuantizerConfig config = new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, options);
        V2sfTensorQuantizer q = (V2sfTensorQuantizer) new V2sfQuantizer().create(PROBS, config);
        q.observe(data);
        q.fit();
        return q;
    }

    private static double sse(TensorQuantizer q, Tensor x) {
        float[] a = x.data();
        float[] b = q.quantize(x).data();
        double e = 0;
        for (int i = 0; i < a.length; i++) {
            e += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return e;
    }

    @Test
    void theSearchPicksTheRatioWithTheSmallestErrorAndBeatsEveryFixedRatio() {
        Tensor x = probs(1);
        V2sfTensorQuantizer searched = fitted(Map.of(), x);
        int m = searched.code().ratioLog2();
        assertTrue(m > 1, "heavy-tailed probabilities need a coarse region far above the fine one, got m = " + m);
        assertEquals(m, ((Number) searched.params().extra().get("ratio_log2")).intValue());
        assertEquals("mse", searched.params().extra().get("objective"));
        double best = sse(searched, x);
        for (int fixed = 1; fixed <= 8; fixed++) {
            double e = sse(fitted(Map.of("ratios", List.of(fixed)), x), x);
            assertTrue(best <= e, "m = " + fixed + " gives " + e + " < the search's " + best);
        }
        double uniform7 = sse(fitted(Map.of("ratios", List.of(0), "coverage", List.of(1.0)), x), x);
        assertTrue(best < uniform7 / 4, "two scales beat one (m = 0 is a 7-bit uniform grid): " + best + " vs " + uniform7);
    }

    @Test
    void negativePostGeluValuesMoveTheFineGridDown() {
        float[] x = new float[4096];
        Random r = new Random(2);
        for (int i = 0; i < x.length; i++) {
            double v = r.nextGaussian() * 2;
            x[i] = (float) (v * 0.5 * (1 + erf(v / Math.sqrt(2))));
        }
        QuantizerConfig config = new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, Map.of());
        V2sfTensorQuantizer q = (V2sfTensorQuantizer) new V2sfQuantizer().create(
                new QuantSite("blocks.0", SiteRole.FC2_INPUT), config);
        q.observe(Tensor.of(x, 1, 16, 256));
        q.fit();
        TwoScaleCode c = q.code();
        assertTrue(c.zeroPoint() > 0, "the GELU minimum (about -0.17) needs z > 0");
        assertTrue(c.decode(0) <= -0.1f, "the fine grid reaches the GELU minimum: " + c.decode(0));
    }

    private static double erf(double z) {
        double t = 1 / (1 + 0.5 * Math.abs(z));
        double y = 1 - t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628288 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
                + t * 0.17087277)))))))));
        return z >= 0 ? y : -y;
    }

    @Test
    void unsupportedConfigurationsAreRefusedNamingTheField() {
        V2sfQuantizer v = new V2sfQuantizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> v.validate(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0, Map.of())));
        assertTrue(e.getMessage().contains("granularity per-channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> v.validate(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of())));
        assertTrue(e.getMessage().contains("init 'minmax'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> v.validate(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, Map.of("ratio", 3))));
        assertTrue(e.getMessage().contains("unknown option 'ratio'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> v.validate(
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, Map.of("coverage", List.of(1.5)))));
        assertTrue(e.getMessage().contains("option 'coverage'"), e.getMessage());
    }
}
