package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import org.junit.jupiter.api.Test;

/**
 * 16-bit inputs of ShiftGELU and Shiftmax (not in the authors' code, which quantizes both to
 * 8 bits): the shift constant {@code n} stays the authors' on 8-bit grids and is lowered only as
 * far as int32 requires on finer grids, and every intermediate stays in range.
 */
class FineGridTest {
    @Test
    void authorsConstantsOnEightBitGrids() {
        // 8-bit grids of softmax/GELU inputs: ranges 2..60 over 127 levels.
        for (double range = 2; range <= 60; range += 0.5) {
            double s = range / 127;
            assertEquals(15, IViTKernel.fittingN(s, 15), "softmax scale " + s);
            assertEquals(23, IViTKernel.fittingN(s * ShiftGelu.SIGMOID_SLOPE, 23), "gelu scale " + s);
        }
    }

    @Test
    void lowersNOnlyAsFarAsInt32Needs() {
        for (double s = 1e-5; s < 1; s *= 1.37) {
            int n = IViTKernel.fittingN(s, 23);
            double x0 = -Math.floor(-1.0 / s);
            assertTrue(x0 * Math.scalb(1.0, n) <= Integer.MAX_VALUE, "scale " + s + " n " + n);
            if (n < 23) {
                assertTrue(x0 * Math.scalb(1.0, n + 1) > Integer.MAX_VALUE, "scale " + s + ": n " + n + " is too low");
            }
        }
    }

    /**
     * Range only, not accuracy: at a 16-bit grid ShiftGELU's largest exponential {@code |x0|*2^n}
     * is near 2^31, so {@code floor((2^31-1)/sum)} is 1 or 2 and the sigmoid can read 1/2 where it
     * should be near 1 (measured: error 1.85 at x = 3.7 in a row spanning [-4, 4]). That is the
     * limit of the authors' row-maximum sigmoid on fine grids (docs/methods/ivit.md).
     */
    @Test
    void sixteenBitGeluStaysInRange() {
        double s = 12.0 / 32767; // a 16-bit GELU input grid (DeiT-T fc1 outputs reach about 12)
        int[] x = new int[2 * 32767 + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 32767;
        }
        IntTensor y = new IViTKernel().gelu(IntTensor.of(x, s, 1, x.length), 16);
        assertEquals(s / 32768, y.scale(), 1e-18);
        for (int i = 0; i < x.length; i++) {
            long bound = (long) x[i] * 32767;
            int v = y.data()[i];
            assertTrue(x[i] >= 0 ? v >= 0 && v <= bound : v <= 0 && v >= bound, "x " + x[i] + " -> " + v);
        }
    }

    @Test
    void sixteenBitSoftmaxStaysInRange() {
        double s = 40.0 / 32767; // a 16-bit grid of attention logits in [-40, 40]
        int[] x = new int[197];
        for (int i = 0; i < x.length; i++) {
            x[i] = (int) Math.round((i % 2 == 0 ? 1 : -1) * (i * 163.0 % 32767));
        }
        IntTensor p = new IViTKernel().softmax(IntTensor.of(x, s, 1, x.length), 16);
        long sum = 0;
        for (int v : p.data()) {
            assertTrue(v >= 0 && v <= 32767, "probability out of 16-bit range: " + v);
            sum += v;
        }
        assertTrue(sum <= 32768 && sum > 32768 * 0.9, "probabilities sum to " + sum + " / 32768");
    }
}
