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
 * <p>Loop order: blocks of {@link #MC} rows, then panels, then register tiles of {@link #MR} rows
 * (4 or 1 for the remainder) x {@link PackedMatrix#NR} columns, whose accumulators stay in vector
 * registers over the whole inner dimension. Every element is accumulated over the inner dimension
 * in order whatever tile computes it, so results do not depend on the tiling.
 */
public final class Gemm {
    /**
     * Rows of the largest register tile: 6 rows x 2 vectors keep 12 accumulators, 2 panel vectors
     * and one broadcast in the 16 vector registers of AVX2.
     */
    public static final int MR = 6;
    /**
     * Rows per cache block, a multiple of 6 and 4 so that only a matrix's last block needs the
     * smaller tiles: the block of A stays in L2 while the panels stream past it.
     */
    public static final int MC = 72;

    private Gemm() {
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} and panels {@code [panelFrom, panelTo)} of
     * {@code C = A · B + bias}, or {@code C += A · B + bias} if {@code accumulate}.
     *
     * @param a left operand, row {@code i} starts at {@code aOff + i*lda}
     * @param b packed right operand with {@code b.k()} matching the row length of {@code a}
     * @param bias bias padded to whole panels (length &gt;= panels*NR); zeros for none
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
                    kernel6(a, aOff + i * lda, lda, pd, pOff, k, bias, j0,
                            c, cOff + i * ldc + j0, ldc, accumulate, cols, tile);
                }
                if (i + 4 <= i1) {
                    kernel4(a, aOff + i * lda, lda, pd, pOff, k, bias, j0,
                            c, cOff + i * ldc + j0, ldc, accumulate, cols, tile);
                    i += 4;
                }
                for (; i < i1; i++) {
                    kernel1(a, aOff + i * lda, pd, pOff, k, bias, j0,
                            c, cOff + i * ldc + j0, accumulate, cols, tile);
                }
            }
        }
    }

    private static void kernel6(float[] a, int a0, int lda, float[] pd, int pOff, int k,
            float[] bias, int j0, float[] c, int c0, int ldc, boolean acc, int cols, float[] tile) {
        // Straight-line vector code only: a call that passes vectors to a helper C2 does not inline
        // would box them, and an oversized graph makes C2 give up on the intrinsics.
        FloatVector c00 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        FloatVector c10 = c00;
        FloatVector c11 = c01;
        FloatVector c20 = c00;
        FloatVector c21 = c01;
        FloatVector c30 = c00;
        FloatVector c31 = c01;
        FloatVector c40 = c00;
        FloatVector c41 = c01;
        FloatVector c50 = c00;
        FloatVector c51 = c01;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        for (int kk = 0; kk < k; kk++) {
            int q = pOff + kk * NR;
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
            x = FloatVector.broadcast(SPECIES, a[a4 + kk]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, a[a5 + kk]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (cols == NR) {
            // A whole panel: store straight into C (adding what is there, in the order writeTile uses).
            int r1 = c0 + ldc;
            int r2 = r1 + ldc;
            int r3 = r2 + ldc;
            int r4 = r3 + ldc;
            int r5 = r4 + ldc;
            if (acc) {
                c00 = c00.add(FloatVector.fromArray(SPECIES, c, c0));
                c01 = c01.add(FloatVector.fromArray(SPECIES, c, c0 + LANES));
                c10 = c10.add(FloatVector.fromArray(SPECIES, c, r1));
                c11 = c11.add(FloatVector.fromArray(SPECIES, c, r1 + LANES));
                c20 = c20.add(FloatVector.fromArray(SPECIES, c, r2));
                c21 = c21.add(FloatVector.fromArray(SPECIES, c, r2 + LANES));
                c30 = c30.add(FloatVector.fromArray(SPECIES, c, r3));
                c31 = c31.add(FloatVector.fromArray(SPECIES, c, r3 + LANES));
                c40 = c40.add(FloatVector.fromArray(SPECIES, c, r4));
                c41 = c41.add(FloatVector.fromArray(SPECIES, c, r4 + LANES));
                c50 = c50.add(FloatVector.fromArray(SPECIES, c, r5));
                c51 = c51.add(FloatVector.fromArray(SPECIES, c, r5 + LANES));
            }
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + LANES);
            c10.intoArray(c, r1);
            c11.intoArray(c, r1 + LANES);
            c20.intoArray(c, r2);
            c21.intoArray(c, r2 + LANES);
            c30.intoArray(c, r3);
            c31.intoArray(c, r3 + LANES);
            c40.intoArray(c, r4);
            c41.intoArray(c, r4 + LANES);
            c50.intoArray(c, r5);
            c51.intoArray(c, r5 + LANES);
            return;
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + LANES);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + LANES);
        writeTile(tile, MR, c, c0, ldc, acc, cols);
    }

    private static void kernel4(float[] a, int a0, int lda, float[] pd, int pOff, int k,
            float[] bias, int j0, float[] c, int c0, int ldc, boolean acc, int cols, float[] tile) {
        // Straight-line vector code only: a call that passes vectors to a helper C2 does not inline
        // would box them, and an oversized graph makes C2 give up on the intrinsics.
        FloatVector c00 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        FloatVector c10 = c00;
        FloatVector c11 = c01;
        FloatVector c20 = c00;
        FloatVector c21 = c01;
        FloatVector c30 = c00;
        FloatVector c31 = c01;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int kk = 0; kk < k; kk++) {
            int q = pOff + kk * NR;
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
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        writeTile(tile, 4, c, c0, ldc, acc, cols);
    }

    private static void kernel1(float[] a, int a0, float[] pd, int pOff, int k,
            float[] bias, int j0, float[] c, int c0, boolean acc, int cols, float[] tile) {
        FloatVector c00 = FloatVector.fromArray(SPECIES, bias, j0);
        FloatVector c01 = FloatVector.fromArray(SPECIES, bias, j0 + LANES);
        for (int kk = 0; kk < k; kk++) {
            int q = pOff + kk * NR;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = x.fma(FloatVector.fromArray(SPECIES, pd, q), c00);
            c01 = x.fma(FloatVector.fromArray(SPECIES, pd, q + LANES), c01);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        writeTile(tile, 1, c, c0, 0, acc, cols);
    }

    /** Copies (or adds) the first {@code cols} columns of {@code rows} tile rows into C. */
    private static void writeTile(float[] tile, int rows, float[] c, int c0, int ldc, boolean acc, int cols) {
        for (int r = 0; r < rows; r++) {
            int dst = c0 + r * ldc;
            int src = r * NR;
            if (acc) {
                for (int j = 0; j < cols; j++) {
                    c[dst + j] += tile[src + j];
                }
            } else {
                System.arraycopy(tile, src, c, dst, cols);
            }
        }
    }
}
