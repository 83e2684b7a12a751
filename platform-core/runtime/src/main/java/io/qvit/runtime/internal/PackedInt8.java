package io.qvit.runtime.internal;

import jdk.incubator.vector.VectorSpecies;

/**
 * The int8 right-hand operand {@code B [k x n]} of an integer matrix product, stored as column
 * panels of {@link #NR} columns ({@code data[p*k*NR + kk*NR + j] = B[kk][p*NR + j]}, zero-padded
 * past column {@code n}), one byte per value: the integer analogue of {@link PackedMatrix}.
 */
public final class PackedInt8 {
    /** The int accumulator species of {@link IntGemm}: {@link VectorWidth#INTS}. */
    public static final VectorSpecies<Integer> SPECIES = VectorWidth.INTS;
    /** Int lanes per vector. */
    public static final int LANES = SPECIES.length();
    /** Columns per panel: two vectors. */
    public static final int NR = 2 * LANES;
    /**
     * Bytes read past a panel row's last lane: byte vectors are at least 64 bits, so at 128-bit
     * width (4 int lanes) a load reads 8 bytes of which the first 4 are used.
     */
    static final int LOAD_PAD = Math.max(0, 8 - LANES);

    final int k;
    final int n;
    final byte[] data;

    private PackedInt8(int k, int n) {
        this.k = k;
        this.n = n;
        this.data = new byte[panels(n) * k * NR + LOAD_PAD];
    }

    /** Panels needed for {@code n} columns. */
    public static int panels(int n) {
        return (n + NR - 1) / NR;
    }

    /**
     * Packs {@code W [n x k]} (PyTorch {@code Linear} layout, row stride {@code ldw}) so that the
     * product computes {@code A · Wᵀ}.
     *
     * @throws IllegalArgumentException if a value is outside {@code [-128, 127]}
     */
    public static PackedInt8 ofTransposed(int[] w, int off, int ldw, int n, int k) {
        PackedInt8 p = new PackedInt8(k, n);
        for (int j = 0; j < n; j++) {
            int panel = j / NR;
            int col = j % NR;
            for (int kk = 0; kk < k; kk++) {
                p.data[panel * k * NR + kk * NR + col] = int8(w[off + j * ldw + kk], j, kk);
            }
        }
        return p;
    }

    /** Packs {@code B [k x n]} (row-major, row stride {@code ldb}), e.g. attention's {@code V}. */
    public static PackedInt8 of(int[] b, int off, int ldb, int k, int n) {
        PackedInt8 p = new PackedInt8(k, n);
        p.repack(b, off, ldb);
        return p;
    }

    /** Re-packs a new {@code B} of this shape in place (attention operands, per head). */
    public void repack(int[] b, int off, int ldb) {
        for (int kk = 0; kk < k; kk++) {
            int row = off + kk * ldb;
            for (int j = 0; j < n; j++) {
                data[(j / NR) * k * NR + kk * NR + j % NR] = int8(b[row + j], j, kk);
            }
        }
    }

    private static byte int8(int v, int col, int kk) {
        if (v < -128 || v > 127) {
            throw new IllegalArgumentException("int8 operand out of range at column " + col + ", k " + kk + ": " + v);
        }
        return (byte) v;
    }

    /** Inner dimension. */
    public int k() {
        return k;
    }

    /** Columns. */
    public int n() {
        return n;
    }

    /** Bytes held (one per value, padding included). */
    public long bytes() {
        return data.length;
    }
}
