package io.qvit.plugins.adalog;

import java.util.stream.IntStream;

/**
 * The layer output error as a per-element objective on one operand. For a layer {@code Y = A·Bᵀ}
 * (a linear layer: A its input rows, B its weight; an attention matmul: per (batch, head) slice,
 * with {@code probs·v} written as {@code probs·(vᵀ)ᵀ}) and the other operand's quantized value
 * fixed, the output error of a candidate is exactly
 * <pre>
 *   searching A (D = Â − A):  ‖D·B̂ᵀ + A·(B̂ − B)ᵀ‖²  = Σ_t d_tᵀ·(B̂ᵀB̂)·d_t + 2⟨D, A(B̂ − B)ᵀB̂⟩ + const
 *   searching B (D = B̂ − B):  ‖Â·Dᵀ + (Â − A)·Bᵀ‖²  = Σ_n d_nᵀ·(ÂᵀÂ)·d_n + 2⟨D, ((Â − A)Bᵀ)ᵀÂ⟩ + const
 * </pre>
 * The linear term is kept exactly ({@code p}); the quadratic term keeps the diagonal of the Gram
 * matrix ({@code w_e = (B̂ᵀB̂)_kk}, resp. {@code (ÂᵀÂ)_kk}), i.e. the correlation between the
 * rounding errors of two different input channels of one token (resp. two weights of one row) is
 * neglected. This turns every candidate into an elementwise sum (see {@link SortedGroups}); the
 * products are computed once per search round, in the cheaper association
 * ({@code (A·ΔBᵀ)·B̂} or {@code A·(ΔBᵀ·B̂)}).
 *
 * <p>For the weight of a linear layer the Gram matrix of its (non-centred) inputs is split into
 * its mean part and the rest, {@code ÂᵀÂ = t·μμᵀ + Σ_t (â_t − μ)(â_t − μ)ᵀ}: the mean part is kept
 * exactly as the rank-one term {@code λ·(Σ_e u_e·d_e)²} per output row ({@code u = μ},
 * {@code λ = t}) and only the centred part is reduced to its diagonal. Post-GELU and post-softmax
 * inputs are far from centred, and a diagonal of the raw Gram lets a weight grid with a systematic
 * bias look cheap.
 *
 * @param w per-element weights, indexed like the searched operand
 * @param p per-element linear coefficients, indexed like the searched operand
 * @param u per-element coefficients of the rank-one term per row, or null
 * @param lambda the rank-one term's factor
 */
record LayerObjective(float[] w, float[] p, float[] u, double lambda) {

    /** An objective without the rank-one term. */
    LayerObjective(float[] w, float[] p) {
        this(w, p, null, 0);
    }

    /**
     * The objective of the left operand of a linear layer.
     *
     * @param a inputs {@code [t×k]}
     * @param b float weight {@code [n×k]}
     * @param bq quantized weight {@code [n×k]}
     */
    static LayerObjective linearLeft(float[] a, float[] b, float[] bq, int t, int k, int n) {
        float[] db = diff(bq, b);
        float[] p;
        if ((long) n * k * k + (long) t * k * k < 2L * t * k * n) {
            float[] m = Gemm.atb(db, 0, bq, 0, n, k, k, true);
            p = Gemm.ab(a, 0, m, 0, t, k, k, true);
        } else {
            float[] f = Gemm.ab(a, 0, Gemm.transpose(db, 0, n, k), 0, t, k, n, true);
            p = Gemm.ab(f, 0, bq, 0, t, n, k, true);
        }
        float[] col = columnSquares(bq, 0, n, k);
        float[] w = new float[t * k];
        for (int i = 0; i < t; i++) {
            System.arraycopy(col, 0, w, i * k, k);
        }
        return new LayerObjective(w, p);
    }

    /**
     * The objective of the weight of a linear layer.
     *
     * @param a float inputs {@code [t×k]}
     * @param aq quantized inputs {@code [t×k]}
     * @param b float weight {@code [n×k]}
     */
    static LayerObjective linearRight(float[] a, float[] aq, float[] b, int t, int k, int n) {
        float[] da = diff(aq, a);
        float[] p;
        if ((long) t * k * k + (long) n * k * k < 2L * t * k * n) {
            float[] m = Gemm.atb(da, 0, aq, 0, t, k, k, true);
            p = Gemm.ab(b, 0, m, 0, n, k, k, true);
        } else {
            float[] g = Gemm.ab(da, 0, Gemm.transpose(b, 0, n, k), 0, t, k, n, true);
            p = Gemm.atb(g, 0, aq, 0, t, n, k, true);
        }
        double[] mean = new double[k];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                mean[j] += aq[i * k + j];
            }
        }
        double[] var = new double[k];
        for (int j = 0; j < k; j++) {
            mean[j] /= t;
        }
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < k; j++) {
                double d = aq[i * k + j] - mean[j];
                var[j] += d * d;
            }
        }
        float[] w = new float[n * k];
        float[] u = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                w[i * k + j] = (float) var[j];
                u[i * k + j] = (float) mean[j];
            }
        }
        return new LayerObjective(w, p, u, t);
    }

    /**
     * The objective of one operand of a batched attention matmul, per slice of {@code [B, H, ·, ·]}.
     *
     * @param left true to search the left operand
     * @param transposed true for {@code A·Bᵀ} (q·kᵀ), false for {@code A·B} (probs·v)
     * @param a left operand, {@code slices × [m×k]}
     * @param aq its quantized value (or {@code a})
     * @param b right operand, {@code slices × [n×k]} if transposed, else {@code slices × [k×n]}
     * @param bq its quantized value (or {@code b})
     */
    static LayerObjective matmul(boolean left, boolean transposed, float[] a, float[] aq, float[] b, float[] bq,
                                 int slices, int m, int k, int n) {
        float[] w = new float[left ? a.length : b.length];
        float[] p = new float[w.length];
        IntStream.range(0, slices).parallel().forEach(s -> {
            int ao = s * m * k;
            int bo = s * n * k;
            float[] bt = transposed ? slice(b, bo, n * k) : Gemm.transpose(b, bo, k, n);
            float[] bqt = transposed ? slice(bq, bo, n * k) : Gemm.transpose(bq, bo, k, n);
            float[] as = slice(a, ao, m * k);
            float[] aqs = slice(aq, ao, m * k);
            if (left) {
                LayerObjective o = linearLeftSerial(as, bt, bqt, m, k, n);
                System.arraycopy(o.w, 0, w, ao, m * k);
                System.arraycopy(o.p, 0, p, ao, m * k);
            } else {
                LayerObjective o = linearRightSerial(as, aqs, bt, m, k, n);
                float[] ow = transposed ? o.w : Gemm.transpose(o.w, 0, n, k);
                float[] op = transposed ? o.p : Gemm.transpose(o.p, 0, n, k);
                System.arraycopy(ow, 0, w, bo, n * k);
                System.arraycopy(op, 0, p, bo, n * k);
            }
        });
        return new LayerObjective(w, p);
    }

    private static LayerObjective linearLeftSerial(float[] a, float[] b, float[] bq, int t, int k, int n) {
        float[] f = Gemm.ab(a, 0, Gemm.transpose(diff(bq, b), 0, n, k), 0, t, k, n, false);
        float[] p = Gemm.ab(f, 0, bq, 0, t, n, k, false);
        float[] col = columnSquares(bq, 0, n, k);
        float[] w = new float[t * k];
        for (int i = 0; i < t; i++) {
            System.arraycopy(col, 0, w, i * k, k);
        }
        return new LayerObjective(w, p);
    }

    private static LayerObjective linearRightSerial(float[] a, float[] aq, float[] b, int t, int k, int n) {
        float[] g = Gemm.ab(diff(aq, a), 0, Gemm.transpose(b, 0, n, k), 0, t, k, n, false);
        float[] p = Gemm.atb(g, 0, aq, 0, t, n, k, false);
        float[] col = columnSquares(aq, 0, t, k);
        float[] w = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(col, 0, w, i * k, k);
        }
        return new LayerObjective(w, p);
    }

    private static float[] slice(float[] x, int off, int len) {
        float[] s = new float[len];
        System.arraycopy(x, off, s, 0, len);
        return s;
    }

    private static float[] diff(float[] q, float[] x) {
        float[] d = new float[x.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = q[i] - x[i];
        }
        return d;
    }

    /** {@code Σ_i x[i, j]²} for each column j of {@code x[rows×cols]}. */
    private static float[] columnSquares(float[] x, int off, int rows, int cols) {
        double[] acc = new double[cols];
        for (int i = 0; i < rows; i++) {
            int r = off + i * cols;
            for (int j = 0; j < cols; j++) {
                acc[j] += (double) x[r + j] * x[r + j];
            }
        }
        float[] out = new float[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = (float) acc[j];
        }
        return out;
    }
}
