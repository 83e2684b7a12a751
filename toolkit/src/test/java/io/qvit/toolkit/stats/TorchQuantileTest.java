package io.qvit.toolkit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Conformance of {@link TorchQuantile} with {@code torch.quantile(x, q)} (default
 * {@code interpolation='linear'}): each expected value is worked out by hand from ATen's
 * {@code quantile_compute} (float32 rank {@code float(q)·(n − 1)}, two-sided lerp in float32).
 */
class TorchQuantileTest {

    @Test
    void linearInterpolation() {
        float[] x = {1f, 2f, 3f, 4f};
        assertEquals(2.5f, TorchQuantile.of(x, 4, 0.5));     // rank 1.5: 3 − 1·0.5
        assertEquals(1.75f, TorchQuantile.of(x, 4, 0.25));   // rank 0.75: 2 − 1·0.25
        assertEquals(1.5f, TorchQuantile.of(x, 4, 1.0 / 6)); // rank 0.5
        assertEquals(3.97f, TorchQuantile.of(x, 4, 0.99), 1e-6f);  // rank 2.97
        assertEquals(7f, TorchQuantile.of(new float[] {7f}, 1, 0.99999));
    }

    @Test
    void exactAtTheBounds() {
        float[] x = {-3.0e38f, -1e-45f, 0f, 0.1f, 3.0e38f};
        // q = 1: rank n − 1, weight 0, both neighbours the last value; no (b − a) overflow to inf.
        assertEquals(3.0e38f, TorchQuantile.of(x, 5, 1.0));
        assertEquals(-3.0e38f, TorchQuantile.of(x, 5, 0.0));
        float[] y = {0.1f, 0.2f, 0.7f};
        assertEquals(0.7f, TorchQuantile.of(y, 3, 1.0));
        assertEquals(0.1f, TorchQuantile.of(y, 3, 0.0));
        // a level just below 1 that float32 rounds up to 1: torch gives the maximum as well
        assertEquals(0.7f, TorchQuantile.of(y, 3, 1 - 1e-9));
    }

    @Test
    void sliceOffset() {
        float[] x = {100f, 100f, 0f, 10f, 20f, 100f};
        assertEquals(15f, TorchQuantile.of(x, 2, 3, 0.75));  // rank 1.5 of [0, 10, 20]
        assertEquals(20f, TorchQuantile.of(x, 2, 3, 1.0));
        assertEquals(0f, TorchQuantile.of(x, 2, 3, 0.0));
    }

    @Test
    void weightsAboveOneHalfUseTheUpperFormula() {
        // rank 0.75 between 0 and 1e8: 1e8 − 1e8·0.25 = 7.5e7 exactly
        assertEquals(7.5e7f, TorchQuantile.of(new float[] {0f, 1e8f}, 2, 0.75));
        assertEquals(2.5e7f, TorchQuantile.of(new float[] {0f, 1e8f}, 2, 0.25));
    }

    @Test
    void rankIsComputedInFloat32LikeTorch() {
        // n = 32·197·768: torch's rank float32(0.999)·(n − 1) = 4836629.5 (float32), the exact rank is 4836629.529.
        int n = 32 * 197 * 768;
        float[] x = new float[n];
        for (int i = 4836630; i < n; i++) {
            x[i] = 1000f;
        }
        assertEquals(500f, TorchQuantile.of(x, n, 0.999));  // numpy (float64) would give 529.0
        assertEquals(1000f, TorchQuantile.of(x, n, 1.0));
        assertEquals(0f, TorchQuantile.of(x, n, 0.0));
    }

    @Test
    void aboveTorchsLimitInterpolatesInDoubleLikeNumpy() {
        int n = TorchQuantile.TORCH_LIMIT + 2;
        float[] x = new float[n];
        for (int i = n / 2; i < n; i++) {
            x[i] = 1f;
        }
        // rank 0.5·(n − 1) = 8388608.5 in double: halfway between x[8388608] = 0 and x[8388609] = 1
        assertEquals(0.5f, TorchQuantile.of(x, n, 0.5));
        assertEquals(1f, TorchQuantile.of(x, n, 1.0));
        assertEquals(0f, TorchQuantile.of(x, n, 0.0));
    }

    @Test
    void rejectsEmptyInputAndLevelsOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> TorchQuantile.of(new float[0], 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> TorchQuantile.of(new float[] {1f}, 1, 1.5));
        assertThrows(IllegalArgumentException.class, () -> TorchQuantile.of(new float[] {1f}, 1, Double.NaN));
    }

    @Test
    void complementIsFormedInDouble() {
        assertEquals(1.0 - 0.99999, TorchQuantile.complement(0.99999));
        assertEquals(1e-5f, (float) TorchQuantile.complement(0.99999));
    }
}
