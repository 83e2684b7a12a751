package io.qvit.plugins.adalog;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Fast Progressive Combining Search of an asymmetric b-bit uniform quantizer
 * ({@code q = clamp(round(x/s) + z, 0, 2^b − 1)}, {@code x̂ = (q − z)·s}) for every group of a
 * {@link SortedGroups} at once (reference {@code quant_layers/linear.py},
 * {@code calculate_percentile_*_candidates}, {@code weight_fpcs}, {@code activation_fpcs}):
 * <ol>
 *   <li>{@code numZp = min(16, zpLevels)} zero points {@code 2^(b−1) − numZp/2 … 2^(b−1) + numZp/2 − 1}
 *       × {@code eq_n/numZp} scales linearly spaced from {@code (P0.9 − P0.1)/(2^b − 1)} to
 *       {@code (P1 − P0)/(2^b − 1)} (percentiles of the group, torch.quantile interpolation);</li>
 *   <li>keep the best {@code width};</li>
 *   <li>{@code steps − 1} times: around each survivor {@code eq_n/width} scales at offsets
 *       {@code (linspace(0, 1) − 0.5)·Δ}, {@code Δ ← Δ/(eq_n/width − 0.5)} (Δ starts at the grid
 *       step), keep the best {@code width} (the last step keeps one).</li>
 * </ol>
 * Ranking is by the objective set on the {@link SortedGroups}, ties broken by candidate order, so
 * the result is deterministic.
 */
final class UniformFpcs {
    private UniformFpcs() {
    }

    /** The fitted parameters of every group. */
    record Result(float[] scale, float[] zeroPoint) {
    }

    /**
     * Searches.
     *
     * @param data the operand's values by group, with the objective set
     * @param bits bit-width
     * @param zpLevels {@code 2^(b−1)} (weights, matmul operands) or {@code 2^b} (linear inputs)
     * @param minScale smallest scale candidate (the reference clamps activation scales at 1e-4)
     */
    static Result search(SortedGroups data, int bits, int zpLevels, double minScale, SearchOptions o) {
        return search(data, bits, zpLevels, minScale, o, null);
    }

    /**
     * Searches, re-ranking the best {@code exact_top_k} screened candidates of a group by
     * {@code exact} wherever fewer survive (null: screening only).
     */
    static Result search(SortedGroups data, int bits, int zpLevels, double minScale, SearchOptions o,
                         ExactError exact) {
        int groups = data.groups().count();
        int qmax = (1 << bits) - 1;
        int numZp = Math.min(16, zpLevels);
        int numScale = Math.max(1, o.eqN() / numZp);
        int center = 1 << (bits - 1);
        int zpMin = center - numZp / 2;
        float[] bestS = new float[groups];
        float[] bestZ = new float[groups];
        IntStream.range(0, groups).parallel().forEach(g -> {
            double dMin = data.quantile(g, 0.9) - data.quantile(g, 0.1);
            double dMax = data.quantile(g, 1.0) - data.quantile(g, 0.0);
            int n = numZp * numScale;
            double[] s = new double[n];
            int[] z = new int[n];
            for (int j = 0; j < numZp; j++) {
                for (int i = 0; i < numScale; i++) {
                    double f = numScale == 1 ? 0 : (double) i / (numScale - 1);
                    s[j * numScale + i] = Math.max(minScale, (dMin + f * (dMax - dMin)) / qmax);
                    z[j * numScale + i] = zpMin + j;
                }
            }
            double delta = n > 1 ? s[1] - s[0] : 0;
            int keep = o.steps() == 1 ? 1 : Math.min(o.width(), n);
            int[] top = best(data, g, s, z, qmax, keep, o.exactTopK(), exact);
            int newCnt = Math.max(1, o.eqN() / o.width());
            for (int step = 1; step < o.steps(); step++) {
                double[] s2 = new double[top.length * newCnt];
                int[] z2 = new int[s2.length];
                for (int t = 0; t < top.length; t++) {
                    for (int i = 0; i < newCnt; i++) {
                        double f = newCnt == 1 ? 0 : (double) i / (newCnt - 1);
                        s2[t * newCnt + i] = Math.max(minScale, s[top[t]] + (f - 0.5) * delta);
                        z2[t * newCnt + i] = z[top[t]];
                    }
                }
                delta = delta / (newCnt - 0.5);
                s = s2;
                z = z2;
                top = best(data, g, s, z, qmax, step == o.steps() - 1 ? 1 : Math.min(o.width(), s.length), o.exactTopK(),
                        exact);
            }
            bestS[g] = (float) s[top[0]];
            bestZ[g] = z[top[0]];
        });
        return new Result(bestS, bestZ);
    }

    private static int[] best(SortedGroups data, int g, double[] s, int[] z, int qmax, int keep, int topK,
                              ExactError exact) {
        double[] loss = new double[s.length];
        for (int c = 0; c < s.length; c++) {
            loss[c] = loss(data, g, (float) s[c], z[c], qmax);
        }
        return select(loss, keep, topK, exact == null ? null : c -> exact.error(g, candidate((float) s[c], z[c], qmax)));
    }

    /** The quantizer with scale s and zero point z, computed as the quantizer does. */
    static ExactError.Candidate candidate(float s, int z, int qmax) {
        float inv = 1f / s;
        float fz = z;
        float fmax = qmax;
        return x -> {
            float q = (float) Math.rint(x * inv) + fz;
            q = q < 0 ? 0 : (q > fmax ? fmax : q);
            return (q - fz) * s;
        };
    }

    /**
     * The {@code keep} best candidates: by the screening {@code loss}, except that when fewer than
     * {@code min(topK, n)} survive, the best {@code min(topK, n)} by screening are ranked by
     * {@code exact} (ties by screening order) and the best {@code keep} of them survive. The
     * screening's best is always among them, so the pick never has a larger exact error than it.
     */
    static int[] select(double[] loss, int keep, int topK, java.util.function.IntToDoubleFunction exact) {
        int m = Math.min(topK, loss.length);
        if (exact == null || keep >= m) {
            return rank(loss, keep);
        }
        int[] cand = rank(loss, m);
        double[] e = new double[m];
        for (int i = 0; i < m; i++) {
            e[i] = exact.applyAsDouble(cand[i]);
        }
        int[] order = rank(e, keep);
        int[] top = new int[keep];
        for (int i = 0; i < keep; i++) {
            top[i] = cand[order[i]];
        }
        return top;
    }

    /** The indices of the {@code keep} smallest losses, ties by index. */
    static int[] rank(double[] loss, int keep) {
        Integer[] order = new Integer[loss.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> Double.isNaN(loss[i]) ? Double.MAX_VALUE : loss[i])
                .thenComparingInt(i -> i));
        int[] top = new int[keep];
        for (int i = 0; i < keep; i++) {
            top[i] = order[i];
        }
        return top;
    }

    /** The objective of group {@code g} quantized with scale s and zero point z. */
    static double loss(SortedGroups data, int g, float s, int z, int qmax) {
        double total = data.constant(g);
        double linear = 0;
        boolean r1 = data.rankOne();
        int from = 0;
        for (int c = 0; c <= qmax; c++) {
            int to = c == qmax ? data.size(g) : data.rank(g, (c - z + 0.5) * (double) s, false);
            float v = (float) (c - z) * s;
            total += data.range(g, from, to, v);
            if (r1) {
                linear += data.rankOneRange(g, from, to, v);
            }
            from = Math.max(from, to);
        }
        return total + (r1 ? data.lambda() * linear * linear : 0);
    }
}
