package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The opt-in {@code normalization: int64} of Shiftmax and ShiftGELU ({@code floor(2^62/sum)}, not
 * in the authors' code): outputs stay in range on 8- and 16-bit grids, the row normalisation is
 * exact to the floors where the authors' {@code floor((2^31-1)/sum)} is coarse, and the options
 * are validated. The default (int32) is what {@link GoldenKernelsTest} checks against the authors'
 * code.
 */
class WideNormalizationTest {
    private static final IntegerKernel WIDE = new IViTKernel().withOptions(Map.of("normalization", "int64"));

    @Test
    void optionsAreValidated() {
        IntegerKernel k = new IViTKernel();
        assertSame(k, k.withOptions(Map.of()));
        assertEquals(Normalization.INT64, ((IViTKernel) WIDE).normalization());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.withOptions(Map.of("normalisation", "int64")));
        assertTrue(e.getMessage().contains("normalisation") && e.getMessage().contains("normalization"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.withOptions(Map.of("normalization", "int48")));
        assertTrue(e.getMessage().contains("int48") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> k.withOptions(Map.of("softmax_n", 31)));
        assertTrue(e.getMessage().contains("softmax_n"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> k.withOptions(Map.of("gelu_n", 2.5)));
    }

    /** Rows of 197 random logits on 8-bit (K = 9) and 16-bit (K = 2500) grids with an exact 1/K scale. */
    @Test
    void softmaxRowsSumToOneAndStayInRange() {
        java.util.Random r = new java.util.Random(7);
        for (int[] grid : new int[][] {{9, 127}, {2500, 32767}}) {
            double s = 1.0 / grid[0];
            int n = 197;
            int[] x = new int[16 * n];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(2 * grid[1] + 1) - grid[1];
            }
            for (int bits : new int[] {8, 16}) {
                int[] wide = WIDE.softmax(IntTensor.of(x, s, 16, n), bits).data();
                int[] narrow = new IViTKernel().softmax(IntTensor.of(x, s, 16, n), bits).data();
                long one = 1L << (bits - 1);
                for (int row = 0; row < 16; row++) {
                    long sumWide = 0;
                    long sumNarrow = 0;
                    for (int i = 0; i < n; i++) {
                        int v = wide[row * n + i];
                        assertTrue(v >= 0 && v < one, "out of range " + v);
                        sumWide += v;
                        sumNarrow += narrow[row * n + i];
                    }
                    // Each output is a floor: a row sums to 2^(b-1) minus at most one unit per element.
                    assertTrue(sumWide <= one && sumWide >= one - n, "K " + grid[0] + " row sum " + sumWide);
                    assertTrue(sumWide >= sumNarrow, "int64 " + sumWide + " below int32 " + sumNarrow);
                }
            }
        }
    }

    @Test
    void singleElementRowIsClampedToTheLargestCode() {
        int[] y = WIDE.softmax(IntTensor.of(new int[] {5, -3}, 0.1, 2, 1), 16).data();
        assertEquals(32767, y[0]);
        assertEquals(32767, y[1]);
    }

    /**
     * On a 16-bit GELU grid with an exact 1/(1.702 K) scale the int64 sigmoid follows
     * {@code x·sigmoid(1.702 x)} within the shift-exponential's own error (2^r ~ 1 + r/2, under 4%
     * of |x| here), where the int32 one is off by up to half of x near the row maximum.
     */
    @Test
    void sixteenBitGeluFollowsTheSigmoid() {
        int k = 1250; // s = 1/(1.702 * 1250): the grid reaches about 15.4 at 32767
        double s = 1.0 / (ShiftGelu.SIGMOID_SLOPE * k);
        while (1.0 / (s * ShiftGelu.SIGMOID_SLOPE) > k) {
            s = Math.nextUp(s);
        }
        int[] x = new int[2 * 6000 + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 6000; // [-2.8, 2.8]
        }
        double worstWide = 0;
        double worstNarrow = 0;
        int[] wide = WIDE.gelu(IntTensor.of(x, s, 1, x.length), 16).data();
        int[] narrow = new IViTKernel().gelu(IntTensor.of(x, s, 1, x.length), 16).data();
        for (int i = 0; i < x.length; i++) {
            double v = x[i] * s;
            double ref = v / (1 + Math.exp(-ShiftGelu.SIGMOID_SLOPE * v));
            long bound = (long) x[i] * 32767;
            assertTrue(x[i] >= 0 ? wide[i] >= 0 && wide[i] <= bound : wide[i] <= 0 && wide[i] >= bound);
            worstWide = Math.max(worstWide, Math.abs(wide[i] * s / 32768 - ref));
            worstNarrow = Math.max(worstNarrow, Math.abs(narrow[i] * s / 32768 - ref));
        }
        assertTrue(worstWide < 0.04 * 2.8, "int64 worst error " + worstWide);
        assertTrue(worstNarrow > 3 * worstWide, "int32 " + worstNarrow + " vs int64 " + worstWide);
    }
}
