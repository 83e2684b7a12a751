package io.qvit.runtime.internal;

import jdk.incubator.vector.VectorSpecies;

/**
 * The right-hand operand {@code B [k x n]} of a matrix product, stored as column panels of
 * {@link #NR} columns: panel {@code p} holds {@code B[kk][p*NR + j]} at
 * {@code data[p*k*NR + kk*NR + j]}, zero-padded past column {@code n}. A micro-kernel then reads
 * one panel row with two contiguous vector loads per {@code kk}.
 *
 * <p>Weights are packed once when a graph is built; attention operands are re-packed per head into
 * a scratch instance (see {@link #scratch(int, int)}).
 */
public final class PackedMatrix {
    /** The vector species of every kernel: {@link VectorWidth#FLOATS}. */
    public static final VectorSpecies<Float> SPECIES = VectorWidth.FLOATS;
    /** Lanes per vector. */
    public static final int LANES = SPECIES.length();
    /** Columns per panel: two vectors. */
    public static final int NR = 2 * LANES;

    int k;
    int n;
    final float[] data;

    private PackedMatrix(int k, int n, float[] data) {
        this.k = k;
        this.n = n;
        this.data = data;
    }

    /** Panels needed for {@code n} columns. */
    static int panels(int n) {
        return (n + NR - 1) / NR;
    }

    /** Inner dimension. */
    public int k() {
        return k;
    }

    /** Columns. */
    public int n() {
        return n;
    }

    /**
     * Packs {@code W [n x k]} (row-major, row stride {@code ldw}, as a PyTorch {@code Linear} stores
     * its weight) so that the product computes {@code A · Wᵀ}.
     */
    public static PackedMatrix ofTransposed(float[] w, int off, int ldw, int n, int k) {
        PackedMatrix p = new PackedMatrix(k, n, new float[panels(n) * k * NR]);
        p.packTransposed(w, off, ldw, n, k);
        return p;
    }

    /** Packs {@code B [k x n]} (row-major, row stride {@code ldb}). */
    public static PackedMatrix of(float[] b, int off, int ldb, int k, int n) {
        PackedMatrix p = new PackedMatrix(k, n, new float[panels(n) * k * NR]);
        p.pack(b, off, ldb, k, n);
        return p;
    }

    /** A reusable buffer for matrices up to {@code maxK x maxN}; fill it with the pack methods. */
    static PackedMatrix scratch(int maxK, int maxN) {
        return new PackedMatrix(0, 0, new float[panels(maxN) * maxK * NR]);
    }

    /** Re-fills this buffer from {@code W [n x k]} (see {@link #ofTransposed}). */
    void packTransposed(float[] w, int off, int ldw, int n, int k) {
        this.k = k;
        this.n = n;
        float[] d = data;
        int panels = panels(n);
        for (int p = 0; p < panels; p++) {
            int base = p * k * NR;
            int j0 = p * NR;
            int cols = Math.min(NR, n - j0);
            for (int j = 0; j < cols; j++) {
                int src = off + (j0 + j) * ldw;
                int dst = base + j;
                for (int kk = 0; kk < k; kk++) {
                    d[dst + kk * NR] = w[src + kk];
                }
            }
            for (int j = cols; j < NR; j++) {
                for (int kk = 0; kk < k; kk++) {
                    d[base + kk * NR + j] = 0f;
                }
            }
        }
    }

    /** Re-fills this buffer from {@code B [k x n]} (see {@link #of}). */
    void pack(float[] b, int off, int ldb, int k, int n) {
        this.k = k;
        this.n = n;
        float[] d = data;
        int panels = panels(n);
        for (int p = 0; p < panels; p++) {
            int base = p * k * NR;
            int j0 = p * NR;
            int cols = Math.min(NR, n - j0);
            for (int kk = 0; kk < k; kk++) {
                int src = off + kk * ldb + j0;
                int dst = base + kk * NR;
                System.arraycopy(b, src, d, dst, cols);
                for (int j = cols; j < NR; j++) {
                    d[dst + j] = 0f;
                }
            }
        }
    }
}
