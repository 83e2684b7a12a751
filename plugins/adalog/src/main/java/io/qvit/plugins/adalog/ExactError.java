package io.qvit.plugins.adalog;

import java.util.Random;

/**
 * The exact layer output error of one quantization group's candidate,
 * {@code ‖Q(A)·Q(B)ᵀ − A·Bᵀ‖²}, with the other operand fixed at its current quantized value, as
 * the authors' search scores every candidate (reference {@code quant_layers/linear.py},
 * {@code _search_best_w_scale} / {@code _search_best_a_scale}: the candidate's quantized layer
 * output against the float output, squared error, over the calibration set). The FPCS searches
 * screen all candidates with the cheap {@link LayerObjective} and re-rank the best
 * {@code exact_top_k} with this one wherever the screening would drop candidates.
 *
 * <ul>
 *   <li>{@link #weightRows}: the per-channel weight of a linear layer, group n = output row n:
 *       {@code ‖Â·b̂_n − A·b_n‖² = b̂_nᵀ(ÂᵀÂ)b̂_n − 2·b̂_nᵀ·Âᵀ(A·b_n) + ‖A·b_n‖²}, from the Gram
 *       matrix computed once per search ({@code O(k²)} per candidate, all calibration rows);</li>
 *   <li>{@link #inputTensor}: the per-tensor input of a linear layer: {@code Q(A_R)·B̂ᵀ} against
 *       {@code A_R·Bᵀ} over {@code R} calibration rows ({@code exact_rows}; all rows when there are
 *       not more, else a seeded sample).</li>
 * </ul>
 * Other operands (per-channel inputs, attention operands) keep the screening objective.
 */
interface ExactError {

    /** A candidate quantizer: the value the layer multiplies for an element's raw value. */
    @FunctionalInterface
    interface Candidate {
        /** The quantized value of {@code x}. */
        float apply(float x);
    }

    /**
     * The output error of group {@code g} with {@code q} (the other groups are not involved).
     *
     * @param g the group
     * @param q the candidate
     */
    double error(int g, Candidate q);

    /**
     * The exact error of a linear layer's per-channel weight rows.
     *
     * @param a the inputs as the layer multiplies them, float {@code [t×k]}
     * @param aq the quantized inputs {@code [t×k]}
     * @param b the raw weight {@code [n×k]} (also the float weight)
     */
    static ExactError weightRows(float[] a, float[] aq, float[] b, int t, int k, int n) {
        float[] gram = Gemm.atb(aq, 0, aq, 0, t, k, k, true);
        float[] y = Gemm.ab(a, 0, Gemm.transpose(b, 0, n, k), 0, t, k, n, true);
        float[] h = Gemm.atb(aq, 0, y, 0, t, k, n, true);
        double[] c = new double[n];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < n; j++) {
                c[j] += (double) y[i * n + j] * y[i * n + j];
            }
        }
        return (g, q) -> {
            double[] bh = new double[k];
            for (int j = 0; j < k; j++) {
                bh[j] = q.apply(b[g * k + j]);
            }
            double quad = 0;
            double lin = 0;
            for (int i = 0; i < k; i++) {
                double bi = bh[i];
                if (bi == 0) {
                    continue;
                }
                double r = 0;
                int gi = i * k;
                for (int j = 0; j < k; j++) {
                    r += gram[gi + j] * bh[j];
                }
                quad += bi * r;
                lin += bi * h[i * n + g];
            }
            return quad - 2 * lin + c[g];
        };
    }

    /**
     * The exact error of a linear layer's per-tensor input on {@code rows} calibration rows.
     *
     * @param x the raw input values {@code [t×k]} (what the candidate quantizes)
     * @param a the inputs as the layer multiplies them in float {@code [t×k]}
     * @param b the float weight {@code [n×k]}
     * @param bq the quantized weight {@code [n×k]}
     * @param rows rows to use (all when ≥ t)
     * @param seed the sample's seed
     */
    static ExactError inputTensor(float[] x, float[] a, float[] b, float[] bq, int t, int k, int n, int rows,
                                  long seed) {
        int[] pick = sample(t, rows, seed);
        int r = pick.length;
        float[] xs = new float[r * k];
        float[] as = new float[r * k];
        for (int i = 0; i < r; i++) {
            System.arraycopy(x, pick[i] * k, xs, i * k, k);
            System.arraycopy(a, pick[i] * k, as, i * k, k);
        }
        float[] y = Gemm.ab(as, 0, Gemm.transpose(b, 0, n, k), 0, r, k, n, true);
        float[] bqt = Gemm.transpose(bq, 0, n, k);
        return (g, q) -> {
            float[] xq = new float[xs.length];
            for (int e = 0; e < xq.length; e++) {
                xq[e] = q.apply(xs[e]);
            }
            float[] out = Gemm.ab(xq, 0, bqt, 0, r, k, n, true);
            double err = 0;
            for (int e = 0; e < out.length; e++) {
                double d = (double) out[e] - y[e];
                err += d * d;
            }
            return err;
        };
    }

    /** {@code rows} distinct row indices of {@code [0, t)} in increasing order (all when rows ≥ t), seeded. */
    static int[] sample(int t, int rows, long seed) {
        if (rows >= t) {
            int[] all = new int[t];
            for (int i = 0; i < t; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = new int[t];
        for (int i = 0; i < t; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = 0; i < rows; i++) {
            int j = i + rnd.nextInt(t - i);
            int tmp = perm[i];
            perm[i] = perm[j];
            perm[j] = tmp;
        }
        int[] out = java.util.Arrays.copyOf(perm, rows);
        java.util.Arrays.sort(out);
        return out;
    }
}
