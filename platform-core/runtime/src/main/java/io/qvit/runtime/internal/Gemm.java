package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedMatrix.LANES;
import static io.qvit.runtime.internal.PackedMatrix.NR;
import static io.qvit.runtime.internal.PackedMatrix.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * Single-threaded float32 matrix product {@code C = A · B (+ bias) (+ C)} on the Vector API, with
 * {@code B} pre-packed in column panels ({@link PackedMatrix}). Callers parallelise by giving each
 * thread a block of rows and/or panels; nothing here allocates.
 *
 * <p>Loop order: blocks of {@link #MC} rows, then panels, then register tiles of {@link #MR} rows x
 * {@link PackedMatrix#NR} columns, whose accumulators stay in vector registers over the whole
 * inner dimension.
 */
public final class Gemm {
    /** Rows per register tile. */
    public static final int MR = 4;
    /** Rows per cache block: the block of A stays in L2 while the panels stream past it. */
    public static final int MC = 64;

    private Gemm() {
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} and panels {@code [panelFrom, panelTo)} of
     * {@code C = A · B + bias}, or {@code C += A · B + bias} if {@code accumulate}.
     *
     * @param a left operand, row {@code i} starts at {@code aOff + i*lda}
     * @param b packed right operand with {@code b.k()} matching the row length of {@code a}
     * @param bias bias padded to whole panels (length &gt;= panels*NR), or null
     * @param c result, row {@code i} starts at {@code cOff + i*ldc}
     * @param tile scratch of at least {@code MR*NR} floats for partial panels
     */
    public static void multiply(float[] a, int aOff, int lda, int rowFrom, int rowTo,
            PackedMatrix b, int panelFrom, int panelTo, float[] bias,
            float[] c, int cOff, int ldc, boolean accumulate, float[] tile) {
        int k = b.k;
        int n = b.n;
        float[] pd = b.data;
        for (int i0 = rowFrom; i0 < rowTo; i0 += MC) {
            int i1 = Math.min(rowTo, i0 + MC);
            for (int p = panelFrom; p < panelTo; p++) {
                int pOff = p * k * NR;
                int j0 = p * NR;
                int cols = Math.min(NR, n - j0);
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    kernel4(a, aOff + i * lda, lda, pd, pOff, k, bias, j0,
                            c, cOff + i * ldc + j0, ldc, accumulate, cols, tile);
                }
                for (; i < i1; i++) {
                    kernel1(a, aOff + i * lda, pd, pOff, k, bias, j0,
                            c, cOff + i * ldc + j0, accumulate, cols, tile);
                }
            }
        }
    }

    private static void kernel4(float[] a, int a0, int lda, float[] pd, int pOff, int k,
            float[] bias, int j0, float[] c, int c0, int ldc, boolean acc, int cols, float[] tile) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (bias != null) {
            c00 = FloatVector.fromArray(SPECIES, bias, j0);
            c01 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        } else {
            c00 = FloatVector.zero(SPECIES);
            c01 = c00;
        }
        c10 = c00;
        c11 = c01;
        c20 = c00;
        c21 = c01;
        c30 = c00;
        c31 = c01;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int q = pOff;
        for (int kk = 0; kk < k; kk++, q += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pd, q);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pd, q + LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[a1 + kk]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[a2 + kk]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[a3 + kk]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (cols == NR) {
            store(c00, c01, c, c0, acc);
            store(c10, c11, c, c0 + ldc, acc);
            store(c20, c21, c, c0 + 2 * ldc, acc);
            store(c30, c31, c, c0 + 3 * ldc, acc);
        } else {
            storePartial(c00, c01, c, c0, acc, cols, tile);
            storePartial(c10, c11, c, c0 + ldc, acc, cols, tile);
            storePartial(c20, c21, c, c0 + 2 * ldc, acc, cols, tile);
            storePartial(c30, c31, c, c0 + 3 * ldc, acc, cols, tile);
        }
    }

    private static void kernel1(float[] a, int a0, float[] pd, int pOff, int k,
            float[] bias, int j0, float[] c, int c0, boolean acc, int cols, float[] tile) {
        FloatVector c00;
        FloatVector c01;
        if (bias != null) {
            c00 = FloatVector.fromArray(SPECIES, bias, j0);
            c01 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        } else {
            c00 = FloatVector.zero(SPECIES);
            c01 = c00;
        }
        int q = pOff;
        for (int kk = 0; kk < k; kk++, q += NR) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = x.fma(FloatVector.fromArray(SPECIES, pd, q), c00);
            c01 = x.fma(FloatVector.fromArray(SPECIES, pd, q + LANES), c01);
        }
        if (cols == NR) {
            store(c00, c01, c, c0, acc);
        } else {
            storePartial(c00, c01, c, c0, acc, cols, tile);
        }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int off, boolean acc) {
        if (acc) {
            v0 = v0.add(FloatVector.fromArray(SPECIES, c, off));
            v1 = v1.add(FloatVector.fromArray(SPECIES, c, off + LANES));
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + LANES);
    }

    private static void storePartial(FloatVector v0, FloatVector v1, float[] c, int off, boolean acc,
            int cols, float[] tile) {
        v0.intoArray(tile, 0);
        v1.intoArray(tile, LANES);
        if (acc) {
            for (int j = 0; j < cols; j++) {
                c[off + j] += tile[j];
            }
        } else {
            System.arraycopy(tile, 0, c, off, cols);
        }
    }
}
