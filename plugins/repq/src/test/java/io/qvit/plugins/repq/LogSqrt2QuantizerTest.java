package io.qvit.plugins.repq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The log-sqrt2 quantizer: fitting Δ as RepQ-ViT, parameters, zeros, validation, the shift form. */
class LogSqrt2QuantizerTest {
    private static final QuantSite SITE = new QuantSite("blocks.0", SiteRole.ATTN_PROBS);

    static QuantizerConfig config(int bits, String init, Map<String, Object> options) {
        return new QuantizerConfig(bits, Granularity.PER_TENSOR, false, init, 0, options);
    }

    /** Softmax rows {@code [B, H, T, T]}, seeded. */
    static Tensor attention(int b, int h, int t, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[b * h * t * t];
        for (int row = 0; row < b * h * t; row++) {
            double sum = 0;
            double[] e = new double[t];
            for (int j = 0; j < t; j++) {
                e[j] = Math.exp(3 * rnd.nextGaussian());
                sum += e[j];
            }
            for (int j = 0; j < t; j++) {
                v[row * t + j] = (float) (e[j] / sum);
            }
        }
        return Tensor.of(v, b, h, t, t);
    }

    @Test
    void deltaIsTheMseBestCandidateQuantile() {
        Tensor a = attention(2, 3, 17, 1);
        for (int bits : new int[] {3, 4, 6}) {
            TensorQuantizer q = new LogSqrt2Quantizer().create(SITE, config(bits, "percentile-mse", Map.of()));
            q.observe(a);
            q.fit();
            float delta = q.params().scale().data()[0];
            // independent brute force: quantiles by the torch rule, MSE in double, first wins on ties
            float[] sorted = a.data().clone();
            Arrays.sort(sorted);
            double best = Double.POSITIVE_INFINITY;
            float expected = Float.NaN;
            double chosen = 0;
            for (double p : List.of(0.999, 0.9999, 0.99999)) {
                float rank = (float) p * (sorted.length - 1);
                int lo = (int) rank;
                float w = rank - lo;
                float c = sorted[lo] + w * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
                LogSqrt2Grid g = new LogSqrt2Grid(bits, c);
                double err = 0;
                for (float x : a.data()) {
                    double d = x - g.fakeQuantize(x);
                    err += d * d;
                }
                if (err < best) {
                    best = err;
                    expected = c;
                    chosen = p;
                }
            }
            assertEquals(expected, delta, 1e-7f * expected, "bits " + bits);
            assertEquals(chosen, (Double) q.params().extra().get("percentile"));
        }
    }

    @Test
    void paramsDescribeTheLogGrid() {
        TensorQuantizer q = new LogSqrt2Quantizer().create(SITE, config(4, "minmax", Map.of()));
        Tensor a = attention(1, 2, 9, 2);
        q.observe(a);
        q.fit();
        QuantParams p = q.params();
        float max = 0;
        for (float v : a.data()) {
            max = Math.max(max, v);
        }
        assertEquals(max, p.scale().data()[0]);
        assertEquals(0f, p.zeroPoint().data()[0]);
        assertEquals(Granularity.PER_TENSOR, p.granularity());
        assertEquals(4, p.bits());
        assertEquals("sqrt2", p.extra().get("log_base"));
        assertEquals(Math.sqrt(2), (Double) p.extra().get("base"), 0);
        assertEquals(15, p.extra().get("max_code"));
        assertEquals(16, p.extra().get("zero_code"));
    }

    @Test
    void quantizeIsTheGridsFakeQuantizationAndCodesDequantizeToIt() {
        LogSqrt2TensorQuantizer q = (LogSqrt2TensorQuantizer) new LogSqrt2Quantizer()
                .create(SITE, config(4, "percentile-mse", Map.of()));
        Tensor a = attention(2, 2, 11, 3);
        q.observe(a);
        q.fit();
        Tensor y = q.quantize(a);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(q.grid().fakeQuantize(a.data()[i]), y.data()[i]);
        }
        assertEquals(y, q.codes(a).dequantize());
        assertArrayEquals(a.shape(), y.shape());
    }

    @Test
    void zerosGiveZerosAndNoNaN() {
        TensorQuantizer q = new LogSqrt2Quantizer().create(SITE, config(4, "percentile-mse", Map.of()));
        Tensor a = attention(1, 1, 8, 4);
        float[] d = a.data();
        for (int i = 0; i < d.length; i += 3) {
            d[i] = 0f;
        }
        q.observe(a);
        q.fit();
        Tensor y = q.quantize(a);
        for (int i = 0; i < d.length; i++) {
            assertFalse(Float.isNaN(y.data()[i]));
            if (d[i] == 0f) {
                assertEquals(0f, y.data()[i]);
            }
        }
    }

    @Test
    void allZeroCalibrationGivesAFiniteDeltaAndZeros() {
        TensorQuantizer q = new LogSqrt2Quantizer().create(SITE, config(4, "percentile-mse", Map.of()));
        q.observe(Tensor.zeros(1, 1, 4, 4));
        q.fit();
        assertEquals(1f, q.params().scale().data()[0]);
        Tensor y = q.quantize(Tensor.zeros(2, 1, 4, 4));
        for (float v : y.data()) {
            assertEquals(0f, v);
        }
    }

    @Test
    void paradigmComesFromTheOption() {
        LogSqrt2Quantizer f = new LogSqrt2Quantizer();
        assertEquals(CalibrationParadigm.PARALLEL, f.create(SITE, config(4, "percentile-mse", Map.of())).paradigm());
        assertEquals(CalibrationParadigm.SEQUENTIAL,
                f.create(SITE, config(4, "percentile-mse", Map.of("paradigm", "sequential"))).paradigm());
    }

    @Test
    void validationNamesTheProblem() {
        LogSqrt2Quantizer f = new LogSqrt2Quantizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f.validate(new QuantizerConfig(4, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of())));
        assertTrue(e.getMessage().contains("per-channel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.validate(config(4, "omse", Map.of())));
        assertTrue(e.getMessage().contains("omse"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.validate(config(4, "minmax", Map.of("paradigm", "x"))));
        assertTrue(e.getMessage().contains("paradigm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.validate(config(4, "minmax", Map.of("bogus", 1))));
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> f.create(SITE, config(4, "minmax", Map.of("percentiles", List.of(2.0)))));
        assertTrue(e.getMessage().contains("blocks.0.attn.probs"), e.getMessage());
        // the uniform quantizer's options no longer reach log-sqrt2 (scoped by quantizer): refused
        e = assertThrows(IllegalArgumentException.class,
                () -> f.validate(config(4, "percentile-mse", Map.of("symmetric_scale", "ivit", "percentile", 0.999))));
        assertTrue(e.getMessage().contains("unknown option 'percentile'"), e.getMessage());
    }

    @Test
    void lifecycle() {
        TensorQuantizer q = new LogSqrt2Quantizer().create(SITE, config(4, "minmax", Map.of()));
        assertThrows(IllegalStateException.class, () -> q.quantize(Tensor.zeros(1)));
        assertThrows(IllegalStateException.class, q::fit);
        assertFalse(q.fitted());
        q.observe(attention(1, 1, 4, 5));
        q.fit();
        assertTrue(q.fitted());
        assertThrows(IllegalStateException.class, () -> q.observe(Tensor.zeros(1)));
        Tensor bad = Tensor.of(new float[] {0.5f, Float.NaN}, 2);
        TensorQuantizer r = new LogSqrt2Quantizer().create(SITE, config(4, "minmax", Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.observe(bad));
        assertTrue(e.getMessage().contains("blocks.0.attn.probs"), e.getMessage());
    }
}
