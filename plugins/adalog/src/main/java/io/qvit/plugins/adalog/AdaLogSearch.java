package io.qvit.plugins.adalog;

import java.util.stream.IntStream;

/**
 * The AdaLog activation search on a {@link SortedGroups} of one group (the values already shifted
 * by the quantizer's offset), reference {@code quant_layers/linear.py}
 * ({@code PostGeluLogBasedBatchingQuantLinear}, {@code activation_fpcs}) and
 * {@code quant_layers/matmul.py} ({@code PostSoftmaxAsymmetricallyBatchingQuantMatMul}):
 * <ul>
 *   <li>fixed scale (post-softmax, s = 1): the best q of {@code q ∈ [10, 10 + eq_n)};</li>
 *   <li>searched scale (post-GELU): rank q with the current scale and keep {@code base_num};
 *       cross them with {@code scale_num} scales linearly spaced between the 0.9 and 1.0
 *       percentiles of the positive inputs (plus the offset); keep {@code fpcs_width}; then
 *       {@code steps − 1} refinements of the scale around each survivor as in
 *       {@link UniformFpcs}.</li>
 * </ul>
 */
final class AdaLogSearch {
    private AdaLogSearch() {
    }

    /** A fitted (scale, q). */
    record Result(double scale, int q) {
    }

    /**
     * Searches.
     *
     * @param data the shifted values (one group) with the objective set
     * @param current the current (scale, q)
     * @param ud the 0.9 and 1.0 positive percentiles plus the offset (ignored for a fixed scale)
     */
    static Result search(SortedGroups data, int bits, Result current, double[] ud, boolean fixedScale, SearchOptions o) {
        return search(data, bits, current, ud, fixedScale, o, null);
    }

    /**
     * Searches, re-ranking the best {@code exact_top_k} screened candidates by {@code exact}
     * (a function of scale and q; null: screening only) wherever fewer survive, see
     * {@link UniformFpcs#select}.
     */
    static Result search(SortedGroups data, int bits, Result current, double[] ud, boolean fixedScale, SearchOptions o,
                         ExactFactory exact) {
        int nq = o.eqN();
        int[] qs = IntStream.range(0, nq).map(i -> AdaLogTable.Q_MIN + i).toArray();
        double[] lossQ = IntStream.range(0, nq).parallel()
                .mapToDouble(i -> loss(data, new AdaLogTable(bits, qs[i]), current.scale())).toArray();
        java.util.function.IntToDoubleFunction exactQ = exact == null ? null
                : i -> exact.error(current.scale(), qs[i]);
        if (fixedScale) {
            return new Result(current.scale(), qs[UniformFpcs.select(lossQ, 1, o.exactTopK(), exactQ)[0]]);
        }
        int[] topQ = UniformFpcs.select(lossQ, Math.min(o.baseNum(), nq), o.exactTopK(), exactQ);
        int sn = o.scaleNum();
        double delta = (ud[1] - ud[0]) / (sn - 1);
        double[] s = new double[topQ.length * sn];
        int[] q = new int[s.length];
        for (int j = 0; j < topQ.length; j++) {
            for (int i = 0; i < sn; i++) {
                s[j * sn + i] = ud[0] + (ud[1] - ud[0]) * i / (sn - 1);
                q[j * sn + i] = qs[topQ[j]];
            }
        }
        int[] top = best(data, bits, s, q, o.steps() == 1 ? 1 : Math.min(o.width(), s.length), o.exactTopK(), exact);
        int newCnt = Math.max(1, o.eqN() / o.width());
        for (int step = 1; step < o.steps(); step++) {
            double[] s2 = new double[top.length * newCnt];
            int[] q2 = new int[s2.length];
            for (int t = 0; t < top.length; t++) {
                for (int i = 0; i < newCnt; i++) {
                    double f = newCnt == 1 ? 0 : (double) i / (newCnt - 1);
                    s2[t * newCnt + i] = s[top[t]] + (f - 0.5) * delta;
                    q2[t * newCnt + i] = q[top[t]];
                }
            }
            delta = delta / (newCnt - 0.5);
            s = s2;
            q = q2;
            top = best(data, bits, s, q, step == o.steps() - 1 ? 1 : Math.min(o.width(), s.length), o.exactTopK(),
                    exact);
        }
        return new Result(s[top[0]], q[top[0]]);
    }

    /** The exact error of a candidate (scale, q). */
    @FunctionalInterface
    interface ExactFactory {
        /** The exact layer output error with scale s and base q. */
        double error(double s, int q);
    }

    private static int[] best(SortedGroups data, int bits, double[] s, int[] q, int keep, int topK, ExactFactory exact) {
        double[] loss = IntStream.range(0, s.length).parallel()
                .mapToDouble(c -> s[c] > 0 ? loss(data, new AdaLogTable(bits, q[c]), s[c]) : Double.MAX_VALUE).toArray();
        return UniformFpcs.select(loss, keep, topK, exact == null ? null
                : c -> s[c] > 0 ? exact.error(s[c], q[c]) : Double.MAX_VALUE);
    }

    /**
     * The objective of the (one) group quantized with {@code table} at scale {@code s}: values at
     * most {@code s·threshold(2^b)} become 0, code k covers {@code (s·threshold(k+1), s·threshold(k)]}
     * with value {@code s·level(k)}.
     */
    static double loss(SortedGroups data, AdaLogTable table, double s) {
        int codes = 1 << table.bits();
        double total = data.constant(0);
        int upper = data.size(0);
        for (int k = 0; k < codes; k++) {
            int lower = data.rank(0, s * table.threshold(k + 1), true);
            total += data.range(0, lower, upper, (float) (s * table.level(k)));
            upper = Math.min(upper, lower);
        }
        total += data.range(0, 0, upper, 0);
        return total;
    }
}
