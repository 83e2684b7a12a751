package io.qvit.plugins.adalog;

import java.util.stream.IntStream;

/**
 * The few dense products the layer objective needs, in float32 with the innermost loop an axpy
 * over contiguous rows (which the JIT vectorises). Each output row is computed by one thread in a
 * fixed order, so results do not depend on the number of threads.
 */
final class Gemm {
    private Gemm() {
    }

    /** {@code C[m×n] = A[m×k] · B[k×n]}, parallel over rows of C when {@code parallel}. */
    static float[] ab(float[] a, int aOff, float[] b, int bOff, int m, int k, int n, boolean parallel) {
        float[] c = new float[m * n];
        IntStream rows = IntStream.range(0, m);
        (parallel ? rows.parallel() : rows).forEach(i -> {
            int ci = i * n;
            int ai = aOff + i * k;
            for (int p = 0; p < k; p++) {
                float av = a[ai + p];
                if (av == 0f) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        });
        return c;
    }

    /** Rows of A and B per tile of {@link #atb}, so that a tile of B stays in cache for every row of C. */
    private static final int TILE = 128;

    /**
     * {@code C[k×n] = Aᵀ · B} for {@code A[m×k]}, {@code B[m×n]}, parallel over rows of C when
     * {@code parallel}; the m rows are taken in tiles (in order, so the sums do not depend on threads).
     */
    static float[] atb(float[] a, int aOff, float[] b, int bOff, int m, int k, int n, boolean parallel) {
        float[] c = new float[k * n];
        for (int i0 = 0; i0 < m; i0 += TILE) {
            final int lo = i0;
            final int hi = Math.min(m, i0 + TILE);
            IntStream rows = IntStream.range(0, k);
            (parallel ? rows.parallel() : rows).forEach(p -> {
                int cp = p * n;
                for (int i = lo; i < hi; i++) {
                    float av = a[aOff + i * k + p];
                    if (av == 0f) {
                        continue;
                    }
                    int bi = bOff + i * n;
                    for (int j = 0; j < n; j++) {
                        c[cp + j] += av * b[bi + j];
                    }
                }
            });
        }
        return c;
    }

    /** The transpose of {@code A[m×n]} (at offset {@code off}). */
    static float[] transpose(float[] a, int off, int m, int n) {
        float[] t = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                t[j * m + i] = a[off + i * n + j];
            }
        }
        return t;
    }
}
