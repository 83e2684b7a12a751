package io.qvit.toolkit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link LinearQuantile}: numpy's linear percentile in float64, and where it parts from {@link TorchQuantile}. */
class LinearQuantileTest {

    @Test
    void interpolatesInDouble() {
        double[] x = {1, 2, 3, 4};
        assertEquals(2.5, LinearQuantile.of(x, 0.5));
        assertEquals(1.75, LinearQuantile.of(x, 0.25));
        assertEquals(1 + 3 * 0.1, LinearQuantile.of(x, 0.1));  // 1 + (2 − 1)·0.3
    }

    @Test
    void exactAtTheBounds() {
        double[] x = {-1e300, 0.1, 1e300};
        assertEquals(-1e300, LinearQuantile.of(x, 0.0));
        assertEquals(1e300, LinearQuantile.of(x, 1.0));
        assertEquals(5.0, LinearQuantile.of(new double[] {5}, 0.9));
    }

    @Test
    void differsFromTorchsFloat32Rank() {
        // rank 0.999·(n − 1) exactly 4836629.529 in double; torch rounds it to 4836629.5 in float32
        int n = 32 * 197 * 768;
        double[] d = new double[n];
        float[] f = new float[n];
        for (int i = 4836630; i < n; i++) {
            d[i] = 1000;
            f[i] = 1000f;
        }
        assertEquals(529.0, LinearQuantile.of(d, 0.999), 0.01);
        assertEquals(500f, TorchQuantile.of(f, n, 0.999));
        assertNotEquals(LinearQuantile.of(d, 0.999), TorchQuantile.of(f, n, 0.999));
    }

    @Test
    void rejectsEmptyInputAndLevelsOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> LinearQuantile.of(new double[0], 0.5));
        assertThrows(IllegalArgumentException.class, () -> LinearQuantile.of(new double[] {1}, -0.1));
    }
}
