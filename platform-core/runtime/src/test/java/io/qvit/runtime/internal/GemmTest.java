package io.qvit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The packed kernel and the parallel linear layer against a double-precision triple loop. */
class GemmTest {

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} bias={3} accumulate={4}")
    @CsvSource({
        "1, 1, 1, false, false",
        "4, 16, 8, true, false",
        "7, 17, 13, true, true",
        "10, 16, 5, true, false",
        "11, 20, 9, true, true",
        "77, 40, 30, false, false",
        "197, 576, 192, true, false",
        "131, 33, 64, false, true",
        "65, 1000, 96, true, false",
    })
    void linearMatchesNaiveProduct(int m, int n, int k, boolean withBias, boolean accumulate) {
        Random r = new Random(m * 31L + n * 7L + k);
        float[] a = random(r, m * k);
        float[] w = random(r, n * k);
        float[] bias = withBias ? random(r, n) : null;
        float[] c = random(r, m * n);
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = accumulate ? c[i * n + j] : 0;
                s += withBias ? bias[j] : 0;
                for (int kk = 0; kk < k; kk++) {
                    s += (double) a[i * k + kk] * w[j * k + kk];
                }
                expected[i * n + j] = s;
            }
        }
        for (int threads : new int[] {1, 2, 3}) {
            float[] out = c.clone();
            WorkerPool pool = WorkerPool.shared(threads);
            new Linear(w, bias, n, k).forward(a, 0, m, out, 0, accumulate, pool,
                    WorkerScratch.tiles(WorkerScratch.forPool(pool, 1, 1)));
            for (int i = 0; i < out.length; i++) {
                assertEquals(expected[i], out[i], 1e-4 * Math.sqrt(k) + 1e-5, "element " + i + " threads " + threads);
            }
        }
    }

    @ParameterizedTest(name = "k={0} n={1}")
    @CsvSource({"5, 3", "49, 32", "197, 64", "16, 17"})
    void rowMajorAndTransposedPackingAgree(int k, int n) {
        Random r = new Random(k * 1000L + n);
        float[] b = random(r, k * n);
        float[] bt = new float[n * k];
        for (int kk = 0; kk < k; kk++) {
            for (int j = 0; j < n; j++) {
                bt[j * k + kk] = b[kk * n + j];
            }
        }
        PackedMatrix p1 = PackedMatrix.of(b, 0, n, k, n);
        PackedMatrix p2 = PackedMatrix.ofTransposed(bt, 0, k, n, k);
        org.junit.jupiter.api.Assertions.assertArrayEquals(p1.data, p2.data);
    }
}
