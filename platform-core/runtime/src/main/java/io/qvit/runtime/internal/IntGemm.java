package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedInt8.LANES;
import static io.qvit.runtime.internal.PackedInt8.NR;
import static io.qvit.runtime.internal.PackedInt8.SPECIES;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded integer matrix product {@code C = A · B + bias} with int32 accumulation on the
 * Vector API: {@code A} holds small integers in an {@code int[]} (int8 activations, or the 16-bit
 * Shiftmax output), {@code B} is int8 packed in panels ({@link PackedInt8}), {@code bias} and
 * {@code C} are int32. No floating point. Same blocking as the float {@link Gemm}: row blocks of
 * {@link Gemm#MC}, panels, register tiles of {@link #MR} rows x {@link PackedInt8#NR} columns;
 * each panel row is loaded as bytes and sign-extended to int lanes.
 *
 * <p>Exactness: the caller guarantees {@code k * max|A| * 128 + max|bias| < 2^31}
 * ({@link #checkRange}); then every result equals the mathematical sum (no wrap-around).
 */
public final class IntGemm {
    /** Rows per register tile. */
    public static final int MR = 4;
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, LANES * 8)));

    private IntGemm() {
    }

    /**
     * Checks that a product with inner dimension {@code k}, {@code |A| <= maxAbsA}, int8 {@code B}
     * and {@code |bias| <= maxAbsBias} cannot overflow int32.
     *
     * @throws IllegalArgumentException naming {@code what} if it could
     */
    public static void checkRange(String what, int k, long maxAbsA, long maxAbsBias) {
        long bound = (long) k * maxAbsA * 128 + maxAbsBias;
        if (bound >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + ": int32 accumulator could overflow (k=" + k + ", |a|<="
                    + maxAbsA + ", |bias|<=" + maxAbsBias + ")");
        }
    }

    /**
     * Computes rows {@code [rowFrom, rowTo)} and panels {@code [panelFrom, panelTo)} of
     * {@code C = A · B + bias}.
     *
     * @param bias int32 bias padded to whole panels (length &gt;= panels*NR); zeros for none
     * @param tile scratch of at least {@code MR*NR} ints
     */
    public static void multiply(int[] a, int aOff, int lda, int rowFrom, int rowTo,
            PackedInt8 b, int panelFrom, int panelTo, int[] bias, int[] c, int cOff, int ldc, int[] tile) {
        int k = b.k;
        int n = b.n;
        byte[] pd = b.data;
        for (int i0 = rowFrom; i0 < rowTo; i0 += Gemm.MC) {
            int i1 = Math.min(rowTo, i0 + Gemm.MC);
            for (int p = panelFrom; p < panelTo; p++) {
                int pOff = p * k * NR;
                int j0 = p * NR;
                int cols = Math.min(NR, n - j0);
                int i = i0;
                for (; i + MR <= i1; i += MR) {
                    kernel4(a, aOff + i * lda, lda, pd, pOff, k, bias, j0, c, cOff + i * ldc + j0, ldc, cols, tile);
                }
                for (; i < i1; i++) {
                    kernel1(a, aOff + i * lda, pd, pOff, k, bias, j0, c, cOff + i * ldc + j0, cols, tile);
                }
            }
        }
    }

    private static IntVector load(byte[] pd, int q) {
        return (IntVector) ByteVector.fromArray(BYTES, pd, q).convertShape(VectorOperators.B2I, SPECIES, 0);
    }

    private static void kernel4(int[] a, int a0, int lda, byte[] pd, int pOff, int k,
            int[] bias, int j0, int[] c, int c0, int ldc, int cols, int[] tile) {
        IntVector c00 = IntVector.fromArray(SPECIES, bias, j0);
        IntVector c01 = IntVector.fromArray(SPECIES, bias, j0 + LANES);
        IntVector c10 = c00;
        IntVector c11 = c01;
        IntVector c20 = c00;
        IntVector c21 = c01;
        IntVector c30 = c00;
        IntVector c31 = c01;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int q = pOff;
        for (int kk = 0; kk < k; kk++, q += NR) {
            IntVector b0 = load(pd, q);
            IntVector b1 = load(pd, q + LANES);
            IntVector x = IntVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            x = IntVector.broadcast(SPECIES, a[a1 + kk]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            x = IntVector.broadcast(SPECIES, a[a2 + kk]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            x = IntVector.broadcast(SPECIES, a[a3 + kk]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + LANES);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + LANES);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + LANES);
        writeTile(tile, MR, c, c0, ldc, cols);
    }

    private static void kernel1(int[] a, int a0, byte[] pd, int pOff, int k,
            int[] bias, int j0, int[] c, int c0, int cols, int[] tile) {
        IntVector c00 = IntVector.fromArray(SPECIES, bias, j0);
        IntVector c01 = IntVector.fromArray(SPECIES, bias, j0 + LANES);
        int q = pOff;
        for (int kk = 0; kk < k; kk++, q += NR) {
            IntVector x = IntVector.broadcast(SPECIES, a[a0 + kk]);
            c00 = c00.add(x.mul(load(pd, q)));
            c01 = c01.add(x.mul(load(pd, q + LANES)));
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        writeTile(tile, 1, c, c0, 0, cols);
    }

    private static void writeTile(int[] tile, int rows, int[] c, int c0, int ldc, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, c0 + r * ldc, cols);
        }
    }

    /**
     * The plain-Java reference: {@code C = A · Wᵀ + bias} with 64-bit accumulation, {@code W [n x k]}
     * row-major (PyTorch layout), no packing.
     *
     * @return the exact sums as longs, row-major {@code [m x n]}
     */
    public static long[] reference(int[] a, int m, int k, int[] w, int n, int[] bias) {
        long[] c = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long s = bias == null ? 0 : bias[j];
                for (int kk = 0; kk < k; kk++) {
                    s += (long) a[i * k + kk] * w[j * k + kk];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }
}
