package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactError} against {@code ‖Q(A)·Q(B)ᵀ − A·Bᵀ‖²} computed by brute force in double, as
 * the authors' search computes it per candidate (GoatWu/AdaLog {@code quant_layers/linear.py},
 * {@code _search_best_w_scale}: the quantized layer output of each candidate against the float
 * output, squared error, summed over calibration rows, per output row for per-channel weights;
 * {@code _search_best_a_scale}: the same over all outputs for the input), and the re-ranking's
 * guarantee: it never picks a candidate with a larger exact error than the screening's best.
 */
class ExactErrorTest {

    private static float[] random(Random r, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    /** {@code Σ over rows (r) and outputs (j in cols) of (Σ_p xq[r,p]·bq[j,p] − Σ_p a[r,p]·b[j,p])²}. */
    private static double brute(float[] xq, float[] bq, float[] a, float[] b, int[] rows, int k, int[] cols) {
        double e = 0;
        for (int i : rows) {
            for (int j : cols) {
                double y = 0;
                double y0 = 0;
                for (int p = 0; p < k; p++) {
                    y += (double) xq[i * k + p] * bq[j * k + p];
                    y0 += (double) a[i * k + p] * b[j * k + p];
                }
                e += (y - y0) * (y - y0);
            }
        }
        return e;
    }

    private static float[] apply(ExactError.Candidate q, float[] x, int from, int to) {
        float[] y = x.clone();
        for (int e = from; e < to; e++) {
            y[e] = q.apply(x[e]);
        }
        return y;
    }

    private static int[] range(int n) {
        return ExactError.sample(n, n, 0);
    }

    @Test
    void weightRowsIsTheBruteForceOutputError() {
        Random r = new Random(3);
        int t = 70;
        int k = 24;
        int n = 9;
        float[] a = random(r, t * k, 1);
        float[] aq = a.clone();
        for (int i = 0; i < aq.length; i++) {
            aq[i] = Math.round(aq[i] * 3) / 3f;
        }
        float[] b = random(r, n * k, 0.1);
        ExactError exact = ExactError.weightRows(a, aq, b, t, k, n);
        for (int g = 0; g < n; g++) {
            for (float s : new float[] {0.01f, 0.03f, 0.07f}) {
                ExactError.Candidate q = UniformFpcs.candidate(s, 8, 15);
                float[] bq = apply(q, b, g * k, (g + 1) * k);
                double want = brute(aq, bq, a, b, range(t), k, new int[] {g});
                assertEquals(want, exact.error(g, q), 1e-4 * want, "row " + g + ", scale " + s);
            }
        }
    }

    @Test
    void inputTensorIsTheBruteForceOutputErrorOnAllOrSampledRows() {
        Random r = new Random(4);
        int t = 60;
        int k = 16;
        int n = 11;
        float[] x = random(r, t * k, 1);
        float[] b = random(r, n * k, 0.2);
        float[] bq = b.clone();
        for (int i = 0; i < bq.length; i++) {
            bq[i] = Math.round(bq[i] * 10) / 10f;
        }
        AdaLogTensorQuantizer ada = (AdaLogTensorQuantizer) new AdaLogQuantizer().create(
                new QuantSite("blocks.0", SiteRole.FC2_INPUT),
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "fpcs", 0, Map.of("shift", 0.17)));
        ExactError.Candidate[] cands = {UniformFpcs.candidate(0.2f, 8, 15), ada.candidate(2.5, 37), ada.candidate(1.0, 60)};
        for (int rows : new int[] {t, 1000, 25}) {
            ExactError exact = ExactError.inputTensor(x, x, b, bq, t, k, n, rows, 7);
            int[] pick = ExactError.sample(t, rows, 7);
            assertEquals(Math.min(rows, t), pick.length);
            for (int i = 1; i < pick.length; i++) {
                assertTrue(pick[i] > pick[i - 1], "sampled rows are distinct and sorted");
            }
            for (ExactError.Candidate q : cands) {
                double want = brute(apply(q, x, 0, x.length), bq, x, b, pick, k, range(n));
                assertEquals(want, exact.error(0, q), 1e-4 * want, rows + " rows");
            }
        }
        assertArrayEquals(ExactError.sample(t, 25, 7), ExactError.sample(t, 25, 7), "the sample is seeded");
        assertNotEquals(java.util.Arrays.toString(ExactError.sample(t, 25, 7)),
                java.util.Arrays.toString(ExactError.sample(t, 25, 8)));
    }

    @Test
    void selectNeverPicksWorseThanTheScreeningsBest() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + r.nextInt(40);
            double[] screen = new double[n];
            double[] exact = new double[n];
            for (int i = 0; i < n; i++) {
                exact[i] = r.nextDouble();
                screen[i] = exact[i] + r.nextGaussian() * 0.3;
            }
            int screenBest = UniformFpcs.rank(screen, 1)[0];
            int topK = 1 + r.nextInt(n + 3);
            int[] pick = UniformFpcs.select(screen, 1, topK, i -> exact[i]);
            assertTrue(exact[pick[0]] <= exact[screenBest], "trial " + trial);
            double bestOfTop = Double.MAX_VALUE;
            for (int i : UniformFpcs.rank(screen, Math.min(topK, n))) {
                bestOfTop = Math.min(bestOfTop, exact[i]);
            }
            assertEquals(bestOfTop, exact[pick[0]], "the best of the top " + topK);
        }
        double[] screen = {0.1, 0.2, 0.3};
        double[] exact = {0.9, 0.5, 0.1};
        assertEquals(0, UniformFpcs.select(screen, 1, 0, i -> exact[i])[0], "0 = screening only");
        assertEquals(1, UniformFpcs.select(screen, 1, 2, i -> exact[i])[0]);
        assertEquals(2, UniformFpcs.select(screen, 1, 3, i -> exact[i])[0]);
        assertArrayEquals(new int[] {0, 1}, UniformFpcs.select(screen, 2, 2, i -> exact[i]), "nothing dropped: unchanged");
    }

    @Test
    void fpcsWithReRankingIsNoWorseExactlyPerRow() {
        Random r = new Random(6);
        int t = 200;
        int k = 32;
        int n = 12;
        float[] a = random(r, t * k, 1);
        for (int i = 0; i < t; i++) {
            for (int j = 1; j < k; j++) {
                a[i * k + j] = 0.7f * a[i * k + j - 1] + 0.3f * a[i * k + j];
            }
        }
        float[] aq = a.clone();
        for (int i = 0; i < aq.length; i++) {
            aq[i] = Math.round(aq[i] * 2) / 2f;
        }
        float[] b = random(r, n * k, 0.1);
        ExactError exact = ExactError.weightRows(a, aq, b, t, k, n);
        LayerObjective o = LayerObjective.linearRight(a, aq, b, t, k, n);
        Groups rows = new Groups(k, n);
        SortedGroups data = new SortedGroups(b, rows);
        data.weigh(o.w(), o.p(), o.u(), o.lambda());
        QuantizerConfig none = new QuantizerConfig(3, Granularity.PER_CHANNEL, false, "fpcs", 0, Map.of("exact_top_k", 0));
        QuantizerConfig eight = new QuantizerConfig(3, Granularity.PER_CHANNEL, false, "fpcs", 0, Map.of("exact_top_k", 8));
        UniformFpcs.Result plain = UniformFpcs.search(data, 3, 4, 1e-12, SearchOptions.parse(none, 16, false), exact);
        UniformFpcs.Result ranked = UniformFpcs.search(data, 3, 4, 1e-12, SearchOptions.parse(eight, 16, false), exact);
        int better = 0;
        for (int g = 0; g < n; g++) {
            double e0 = exact.error(g, UniformFpcs.candidate(plain.scale()[g], (int) plain.zeroPoint()[g], 7));
            double e1 = exact.error(g, UniformFpcs.candidate(ranked.scale()[g], (int) ranked.zeroPoint()[g], 7));
            assertTrue(e1 <= e0, "row " + g + ": " + e1 + " > " + e0);
            better += e1 < e0 ? 1 : 0;
        }
        assertTrue(better > 0, "re-ranking changed no row's pick");
    }

    private static QuantParams[] layerFit(Map<String, Object> opts) {
        Random r = new Random(9);
        int t = 400;
        int k = 40;
        int n = 24;
        float[] x = new float[t * k];
        for (int i = 0; i < x.length; i++) {
            double z = r.nextGaussian() * (i % k < 3 ? 4 : 1);
            x[i] = (float) (z / (1 + Math.exp(-1.702 * z)));
        }
        Tensor xt = Tensor.of(x, 4, t / 4, k);
        Tensor wt = Tensor.of(random(r, n * k, 0.1), n, k);
        QuantSite in = new QuantSite("blocks.0", SiteRole.FC2_INPUT);
        QuantSite w = new QuantSite("blocks.0", SiteRole.FC2_WEIGHT);
        Map<String, Object> ao = new java.util.HashMap<>(opts);
        ao.put("shift", AdaLogPreset.GELU_SHIFT);
        TensorQuantizer a = new AdaLogQuantizer().create(in, new QuantizerConfig(3, Granularity.PER_TENSOR, false, "fpcs", 0, ao));
        TensorQuantizer q = new FpcsUniformQuantizer().create(w, new QuantizerConfig(3, Granularity.PER_CHANNEL, false,
                "fpcs", 0, opts));
        q.observe(wt);
        q.fit();
        a.observe(xt);
        a.fit();
        ((LayerFitted) a).fit(TestLayer.of(in, in, w, xt, wt, true, a, q));
        return new QuantParams[] {a.params(), q.params()};
    }

    /** The layer search with re-ranking on a row sample gives the same parameters every time. */
    @Test
    void layerSearchWithReRankingIsDeterministic() {
        Map<String, Object> opts = Map.of("eq_n", 32, "steps", 3, "search_round", 2, "exact_top_k", 6, "exact_rows", 150);
        QuantParams[] first = layerFit(opts);
        QuantParams[] second = layerFit(opts);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(first[i].scale().data(), second[i].scale().data());
            assertArrayEquals(first[i].zeroPoint().data(), second[i].zeroPoint().data());
            assertEquals(first[i].extra(), second[i].extra());
        }
    }
}
