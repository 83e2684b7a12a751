package io.qvit.plugins.uniform;

import static io.qvit.plugins.uniform.Fixtures.ACT;
import static io.qvit.plugins.uniform.Fixtures.WEIGHT;
import static io.qvit.plugins.uniform.Fixtures.config;
import static io.qvit.plugins.uniform.Fixtures.fitted;
import static io.qvit.plugins.uniform.Fixtures.vec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.stats.TorchQuantile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four range initialisations: what range each picks, and what memory each declares. */
class RangeInitTest {

    /** 100000 values: a uniform grid in [-1, 1] and 10 outliers at +50 (0.01 %). */
    private static float[] uniformWithOutliers() {
        float[] d = new float[100_000];
        for (int i = 0; i < 99_990; i++) {
            d[i] = -1f + 2f * i / 99_989f;
        }
        for (int i = 99_990; i < d.length; i++) {
            d[i] = 50f;
        }
        return d;
    }

    /** The input MSE of quantizing {@code x} on the asymmetric grid of [lo, hi], computed independently. */
    private static double referenceMse(float[] x, float lo, float hi, int bits) {
        float s = (hi - lo) / (float) ((1 << bits) - 1);
        float z = (float) Math.rint(-lo / s);
        double sum = 0;
        for (float v : x) {
            float q = Math.min(Math.max((float) Math.rint(v / s) + z, 0f), (float) ((1 << bits) - 1));
            double e = v - (q - z) * s;
            sum += e * e;
        }
        return sum / x.length;
    }

    @Test
    void percentileMsePicksTheCandidateWithTheLowestInputMse() {
        float[] d = uniformWithOutliers();
        float[] sorted = d.clone();
        Arrays.sort(sorted);
        double[] candidates = {0.999, 0.9999, 0.99999};
        double bestErr = Double.POSITIVE_INFINITY;
        double expected = 0;
        for (double pct : candidates) {
            float hi = TorchQuantile.of(sorted, 0, sorted.length, pct);
            float lo = TorchQuantile.of(sorted, 0, sorted.length, 1.0 - pct);
            double err = referenceMse(d, lo, hi, 4);
            if (err < bestErr) {
                bestErr = err;
                expected = pct;
            }
        }
        // 0.99999 reaches the outliers (rank 99998 -> 50) and wastes the 16 levels on them.
        assertNotEquals(0.99999, expected);
        TensorQuantizer q = fitted(ACT, 4, Granularity.PER_TENSOR, false, "percentile-mse", Tensor.of(d, 1, 1000, 100));
        QuantParams p = q.params();
        assertEquals(List.of(expected), p.extra().get("percentile"));
        float hi = TorchQuantile.of(sorted, 0, sorted.length, expected);
        float lo = TorchQuantile.of(sorted, 0, sorted.length, 1.0 - expected);
        assertEquals((hi - lo) / 15f, p.scale().data()[0]);
        assertEquals((float) Math.rint(-lo / ((hi - lo) / 15f)) + 0f, p.zeroPoint().data()[0]);
    }

    @Test
    void percentileMseKeepsTheOutliersWhenTheyDominate() {
        // 1 % of the values at 50: clipping them costs more than a coarse grid.
        float[] d = new float[10_000];
        for (int i = 0; i < d.length; i++) {
            d[i] = i < 9_900 ? (i % 7) * 0.01f : 50f;
        }
        TensorQuantizer q = fitted(ACT, 4, Granularity.PER_TENSOR, false, "percentile-mse", vec(d));
        assertEquals(List.of(0.999), q.params().extra().get("percentile"));  // every candidate reaches 50; first wins ties
        assertEquals(50f / 15f, q.params().scale().data()[0]);
    }

    @Test
    void percentileMsePerChannelSearchesEachChannel() {
        // [1000, 2] activations: channel 0 plain uniform, channel 1 uniform with 0.5 % outliers at 100.
        float[] d = new float[2000];
        for (int r = 0; r < 1000; r++) {
            d[2 * r] = r / 999f;
            d[2 * r + 1] = r >= 995 ? 100f : r / 999f;
        }
        TensorQuantizer q = fitted(ACT, 3, Granularity.PER_CHANNEL, false, "percentile-mse", Tensor.of(d, 1000, 2));
        @SuppressWarnings("unchecked")
        List<Double> chosen = (List<Double>) q.params().extra().get("percentile");
        assertEquals(2, chosen.size());
        assertEquals(2, q.params().scale().size());
        // channel 0: max = quantile(0.999) = 0.998...; channel 1: the outliers dominate, scale ~ 100/7
        assertTrue(q.params().scale().data()[0] < 0.2f, "channel 0 scale " + q.params().scale().data()[0]);
        assertTrue(q.params().scale().data()[1] > 10f, "channel 1 scale " + q.params().scale().data()[1]);
    }

    @Test
    void percentileMseDoesNotDependOnHowTheBatchIsSplit() {
        Random r = new Random(3);
        float[] d = new float[4 * 50 * 6];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * (1 + i % 6));
        }
        TensorQuantizer whole = fitted(ACT, 4, Granularity.PER_CHANNEL, false, "percentile-mse", Tensor.of(d, 4, 50, 6));
        TensorQuantizer split = fitted(ACT, 4, Granularity.PER_CHANNEL, false, "percentile-mse",
                Tensor.of(Arrays.copyOfRange(d, 0, 300), 1, 50, 6), Tensor.of(Arrays.copyOfRange(d, 300, 1200), 3, 50, 6));
        assertEquals(whole.params().scale(), split.params().scale());
        assertEquals(whole.params().zeroPoint(), split.params().zeroPoint());
    }

    @Test
    void minmaxIsTheRunningRangeOverAllBatches() {
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "minmax", vec(0f, 1f), vec(-0.5f, 0.2f), vec(3f));
        assertEquals(3.5f / 255f, q.params().scale().data()[0]);
        assertEquals(0, q.rawSamples());
    }

    @Test
    void percentileSmoothsPerBatchQuantilesWithMomentumOneHundredth() {
        float[] a = new float[1001];
        float[] b = new float[1001];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = 3 * i;
        }
        TensorQuantizer q = new UniformQuantizer().create(ACT, config(8, Granularity.PER_TENSOR, false, "percentile", 0,
                Map.of("percentile", 0.99)));
        q.observe(vec(a));
        q.observe(vec(b));
        q.fit();
        float hiA = 990f;         // quantile(a, 0.99): rank 990
        float loA = 10f;          // quantile(a, 0.01): rank 10
        float hiB = 2970f;
        float loB = 30f;
        float hi = hiA + 0.01f * (hiB - hiA);
        float lo = loA + 0.01f * (loB - loA);
        assertEquals((hi - lo) / 255f, q.params().scale().data()[0]);
        assertEquals(List.of(0.99), q.params().extra().get("percentile"));
        assertEquals(0, q.rawSamples());
    }

    @Test
    void percentileDefaultsToFqVitLevel() {
        float[] a = new float[100_001];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "percentile", vec(a));
        float hi = TorchQuantile.of(a, 0, a.length, 0.99999);
        float lo = TorchQuantile.of(a, 0, a.length, 1.0 - 0.99999);
        assertEquals((hi - lo) / 255f, q.params().scale().data()[0]);
        assertEquals(List.of(0.99999), q.params().extra().get("percentile"));
    }

    @Test
    void omseShrinksTheRangeAroundAnOutlier() {
        float[] d = new float[10_001];
        for (int i = 0; i < 10_000; i++) {
            d[i] = -1f + 2f * i / 9_999f;
        }
        d[10_000] = 20f;
        TensorQuantizer q = fitted(ACT, 4, Granularity.PER_TENSOR, false, "mse", vec(d));
        @SuppressWarnings("unchecked")
        double factor = ((List<Double>) q.params().extra().get("range_factor")).get(0);
        assertTrue(factor < 1.0, "factor " + factor);
        float f = (float) factor;
        float lo = -1f * f;
        float hi = 20f * f;
        assertEquals((hi - lo) / 15f, q.params().scale().data()[0]);
        // and it is the best of the 90 candidates
        double chosen = referenceMse(d, lo, hi, 4);
        for (int i = 0; i < 90; i++) {
            float g = (float) (1.0 - i * 0.01);
            assertTrue(chosen <= referenceMse(d, -1f * g, 20f * g, 4) + 1e-12, "candidate " + i);
        }
    }

    @Test
    void omseKeepsTheFullRangeForUniformData() {
        float[] d = new float[256];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;  // exactly on the 8-bit grid of [0, 255]
        }
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "mse", vec(d));
        assertEquals(List.of(1.0), q.params().extra().get("range_factor"));
        assertEquals(1f, q.params().scale().data()[0]);
        assertArrayEquals(d, q.quantize(vec(d)).data());
    }

    @Test
    void dataInitsDeclareAndHonourTheirSampleBound() {
        assertEquals(32, Fixtures.create(ACT, 8, Granularity.PER_TENSOR, false, "mse").rawSamples());
        assertEquals(32, Fixtures.create(ACT, 8, Granularity.PER_TENSOR, false, "percentile-mse").rawSamples());
        TensorQuantizer q = new UniformQuantizer().create(ACT, config(8, Granularity.PER_TENSOR, false, "percentile-mse", 0,
                Map.of("max_samples", 1)));
        assertEquals(1, q.rawSamples());
        q.observe(vec(0f, 1f, 2f, 3f));
        q.observe(vec(1000f, -1000f));  // not kept for the search
        q.fit();
        double pct = (Double) ((List<?>) q.params().extra().get("percentile")).get(0);
        float hi = TorchQuantile.of(new float[] {0f, 1f, 2f, 3f}, 0, 4, pct);
        float lo = TorchQuantile.of(new float[] {0f, 1f, 2f, 3f}, 0, 4, 1.0 - pct);
        assertTrue(hi < 3f && lo > 0f, "the range comes from the kept tensor only");
        assertEquals((hi - lo) / 255f, q.params().scale().data()[0]);
        assertEquals(2, q.params().extra().get("observed"));
    }

    @Test
    void omseStartsFromTheRunningRangeOfAllBatchesEvenBeyondTheSampleBound() {
        TensorQuantizer q = new UniformQuantizer().create(WEIGHT, config(8, Granularity.PER_TENSOR, false, "mse", 0,
                Map.of("max_samples", 1)));
        float[] d = new float[256];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        q.observe(Tensor.of(d, 16, 16));
        q.observe(Tensor.of(new float[] {-255f, 0f}, 1, 2));
        q.fit();
        // the running range [-255, 255] covers both tensors; the search scores only the kept one
        double factor = (Double) ((List<?>) q.params().extra().get("range_factor")).get(0);
        float f = (float) factor;
        assertEquals((255f * f - (-255f * f)) / 255f, q.params().scale().data()[0]);
    }
}
