package io.qvit.plugins.uniform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link TorchQuantile} reproduces torch.quantile's linear interpolation and float32 rank. */
class TorchQuantileTest {

    @Test
    void linearInterpolation() {
        float[] x = {1f, 2f, 3f, 4f};
        assertEquals(2.5f, TorchQuantile.quantile(x, 0, 4, 0.5));    // rank 1.5
        assertEquals(1.75f, TorchQuantile.quantile(x, 0, 4, 0.25));  // rank 0.75
        assertEquals(1f, TorchQuantile.quantile(x, 0, 4, 0.0));
        assertEquals(4f, TorchQuantile.quantile(x, 0, 4, 1.0));
        assertEquals(3.97f, TorchQuantile.quantile(x, 0, 4, 0.99), 1e-6f);  // rank 2.97
        assertEquals(7f, TorchQuantile.quantile(new float[] {7f}, 0, 1, 0.99999));
    }

    @Test
    void sliceOffset() {
        float[] x = {100f, 100f, 0f, 10f, 20f, 100f};
        assertEquals(15f, TorchQuantile.quantile(x, 2, 3, 0.75));  // rank 1.5 of [0, 10, 20]
    }

    @Test
    void weightsAboveOneHalfUseTheUpperFormula() {
        // rank 0.75 between 0 and 1e8: 1e8 - 1e8·0.25 = 7.5e7 exactly
        assertEquals(7.5e7f, TorchQuantile.quantile(new float[] {0f, 1e8f}, 0, 2, 0.75));
        assertEquals(2.5e7f, TorchQuantile.quantile(new float[] {0f, 1e8f}, 0, 2, 0.25));
    }

    @Test
    void rankIsComputedInFloat32LikeTorch() {
        // n = 32·197·768: torch's rank float32(0.999)·(n - 1) = 4836629.5 (float32), the exact rank is 4836629.529.
        int n = 32 * 197 * 768;
        float[] x = new float[n];
        for (int i = 4836630; i < n; i++) {
            x[i] = 1000f;
        }
        assertEquals(500f, TorchQuantile.quantile(x, 0, n, 0.999));  // numpy (float64) would give 529.0
    }

    @Test
    void complementIsFormedInDouble() {
        assertEquals(1.0 - 0.99999, TorchQuantile.complement(0.99999));
        assertEquals(1e-5f, (float) TorchQuantile.complement(0.99999));
    }
}
