package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import org.junit.jupiter.api.Test;

/** ShiftGELU: closeness to GELU, extreme inputs and the valid input range. */
class ShiftGeluTest {
    private final IViTKernel kernel = new IViTKernel();

    @Test
    void followsGelu() {
        double s = 0.05;
        int[] x = new int[256];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 128;
        }
        IntTensor y = kernel.gelu(IntTensor.of(x, s, 256), 8);
        double maxErr = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i] * s;
            double sigmoidGelu = v / (1 + Math.exp(-1.702 * v));
            maxErr = Math.max(maxErr, Math.abs(y.data()[i] * y.scale() - sigmoidGelu));
        }
        System.out.printf("[ivit gelu] max |ShiftGELU - x sigmoid(1.702x)| on [-6.4, 6.35]: %.4f%n", maxErr);
        assertTrue(maxErr < 0.3, "ShiftGELU deviates by " + maxErr);
    }

    @Test
    void extremeInputsDoNotOverflow() {
        int max = (int) (Integer.MAX_VALUE / 127);
        int[] x = {max, -max, 0, 1, -1};
        int[] y = kernel.gelu(IntTensor.of(x, 0.05, 5), 8).data();
        assertTrue(y[0] > 0 && y[0] <= (long) max * 127);
        assertTrue(y[1] <= 0);
        // All-negative row: exp(-max) has a positive argument and saturates instead of overflowing.
        int[] neg = {-max, -max + 1, -5};
        int[] z = kernel.gelu(IntTensor.of(neg, 0.05, 3), 8).data();
        for (int i = 0; i < neg.length; i++) {
            assertTrue(z[i] <= 0 && (long) z[i] >= (long) neg[i] * 127, "output " + z[i]);
        }
        assertEquals(0, z[0]);
    }

    @Test
    void outOfRangeInputsFailClearly() {
        int tooBig = Integer.MAX_VALUE / 127 + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.gelu(IntTensor.of(new int[] {tooBig}, 0.05, 1), 8));
        assertTrue(e.getMessage().contains("valid range"), e.getMessage());
        // The authors' n = 23 overflows int32 at this scale; the kernel lowers n (IViTKernel.fittingN).
        assertThrows(IllegalArgumentException.class, () -> new ShiftGelu(0.001, 8, ShiftGelu.DEFAULT_N));
        assertTrue(kernel.gelu(IntTensor.of(new int[] {1000}, 0.001, 1), 8).data()[0] > 0);
    }
}
