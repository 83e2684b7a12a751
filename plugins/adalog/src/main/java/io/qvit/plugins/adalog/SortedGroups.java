package io.qvit.plugins.adalog;

import io.qvit.toolkit.stats.LinearQuantile;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The values of one operand sorted within each quantization group, for exact, fast scoring of
 * quantizer candidates. Every quantizer of this plugin is a monotone step function of its input:
 * with the values sorted, each output level covers one contiguous range, and the objective
 * <pre>
 *   Σ_e d_e·(w_e·d_e + 2·p_e),   d_e = x̂_e − x_e
 * </pre>
 * (the layer output error in the form {@link LayerObjective} derives; {@code w = 1, p = 0} is the
 * plain MSE) over a range with constant output c is {@code c²·ΣW − 2c·ΣWX + 2c·ΣP + Σ(WX² − 2PX)},
 * read from prefix sums in O(1). A candidate therefore costs O(levels · log n) instead of O(n),
 * independently of the number of calibration tokens. (Values exactly on a rounding tie are
 * counted on one side; the quantizers round half to even.)
 */
final class SortedGroups {
    private final Groups groups;
    private final int[][] index;
    private final double[][] sorted;
    private double[][] sumW;
    private double[][] sumWX;
    private double[][] sumP;
    private double[][] sumU;
    private double[][] sumUX;
    private double lambda;
    private double[] constant;

    /**
     * Sorts {@code values} (already shifted by the quantizer's input offset, if any) by group.
     *
     * @param values the operand's values
     * @param groups the grouping
     */
    SortedGroups(float[] values, Groups groups) {
        this.groups = groups;
        int g = groups.count();
        int[] sizes = new int[g];
        for (int e = 0; e < values.length; e++) {
            sizes[groups.of(e)]++;
        }
        index = new int[g][];
        for (int i = 0; i < g; i++) {
            index[i] = new int[sizes[i]];
        }
        int[] fill = new int[g];
        for (int e = 0; e < values.length; e++) {
            int i = groups.of(e);
            index[i][fill[i]++] = e;
        }
        sorted = new double[g][];
        IntStream.range(0, g).parallel().forEach(i -> {
            int[] idx = index[i];
            long[] keys = new long[idx.length];
            for (int j = 0; j < idx.length; j++) {
                keys[j] = ((long) sortable(values[idx[j]]) << 32) | (idx[j] & 0xffffffffL);
            }
            Arrays.sort(keys);
            double[] s = new double[idx.length];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = (int) keys[j];
                s[j] = values[idx[j]];
            }
            sorted[i] = s;
        });
        weigh(null, null);
    }

    private static int sortable(float v) {
        int bits = Float.floatToRawIntBits(v == 0f ? 0f : v);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** The grouping. */
    Groups groups() {
        return groups;
    }

    /** The number of values of group {@code g}. */
    int size(int g) {
        return sorted[g].length;
    }

    /** The j-th smallest value of group {@code g}. */
    double value(int g, int j) {
        return sorted[g][j];
    }

    /**
     * The linear-interpolation quantile of group {@code g} at level {@code p} in [0, 1], in float64
     * ({@link LinearQuantile}, as the authors' code computes it on float64 groups); 0 for an empty group.
     */
    double quantile(int g, double p) {
        return sorted[g].length == 0 ? 0 : LinearQuantile.of(sorted[g], p);
    }

    /**
     * Sets the objective's per-element weights {@code w} and linear coefficients {@code p}
     * (indexed like the operand; null means 1 and 0: plain MSE).
     */
    void weigh(float[] w, float[] p) {
        weigh(w, p, null, 0);
    }

    /**
     * Also sets a rank-one term {@code λ·(Σ_e u_e·d_e)²} per group (null {@code u}: none), see
     * {@link LayerObjective}.
     */
    void weigh(float[] w, float[] p, float[] u, double lambda) {
        int g = groups.count();
        this.lambda = lambda;
        sumU = u == null ? null : new double[g][];
        sumUX = u == null ? null : new double[g][];
        if (u != null) {
            IntStream.range(0, g).parallel().forEach(i -> {
                int n = sorted[i].length;
                double[] a = new double[n + 1];
                double[] b = new double[n + 1];
                for (int j = 0; j < n; j++) {
                    double ue = u[index[i][j]];
                    a[j + 1] = a[j] + ue;
                    b[j + 1] = b[j] + ue * sorted[i][j];
                }
                sumU[i] = a;
                sumUX[i] = b;
            });
        }
        sumW = new double[g][];
        sumWX = new double[g][];
        sumP = new double[g][];
        constant = new double[g];
        IntStream.range(0, g).parallel().forEach(i -> {
            int n = sorted[i].length;
            double[] a = new double[n + 1];
            double[] b = new double[n + 1];
            double[] c = new double[n + 1];
            double k = 0;
            for (int j = 0; j < n; j++) {
                int e = index[i][j];
                double x = sorted[i][j];
                double we = w == null ? 1 : w[e];
                double pe = p == null ? 0 : p[e];
                a[j + 1] = a[j] + we;
                b[j + 1] = b[j] + we * x;
                c[j + 1] = c[j] + pe;
                k += we * x * x - 2 * pe * x;
            }
            sumW[i] = a;
            sumWX[i] = b;
            sumP[i] = c;
            constant[i] = k;
        });
    }

    /** The number of values of group {@code g} below {@code t} (or at most {@code t} when {@code inclusive}). */
    int rank(int g, double t, boolean inclusive) {
        double[] s = sorted[g];
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < t || (inclusive && s[mid] == t)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The objective over sorted positions [from, to) of group {@code g} with constant output {@code c}. */
    double range(int g, int from, int to, double c) {
        if (to <= from) {
            return 0;
        }
        double w = sumW[g][to] - sumW[g][from];
        double wx = sumWX[g][to] - sumWX[g][from];
        double p = sumP[g][to] - sumP[g][from];
        return c * c * w - 2 * c * wx + 2 * c * p;
    }

    /** True when a rank-one term is set. */
    boolean rankOne() {
        return sumU != null;
    }

    /** {@code Σ u·d} over sorted positions [from, to) of group g with constant output c. */
    double rankOneRange(int g, int from, int to, double c) {
        return to <= from ? 0 : c * (sumU[g][to] - sumU[g][from]) - (sumUX[g][to] - sumUX[g][from]);
    }

    /** The factor λ of the rank-one term. */
    double lambda() {
        return lambda;
    }

    /** The candidate-independent part of group {@code g}'s objective, {@code Σ(w·x² − 2p·x)}. */
    double constant(int g) {
        return constant[g];
    }
}
