package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Shiftmax: row sums, output range, extreme inputs and the valid scale range. */
class ShiftmaxTest {
    private final IViTKernel kernel = new IViTKernel();

    @Test
    void rowsSumToAboutTwoToTheKMinusOne() {
        SplittableRandom rnd = new SplittableRandom(5);
        int len = 197;
        for (int bits : new int[] {8, 16, 24}) {
            for (double scale : new double[] {0.0625, 0.01, 0.3}) {
                int[] x = new int[len * 20];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextInt(-128, 128);
                }
                IntTensor y = kernel.softmax(IntTensor.of(x, scale, 20, len), bits);
                long one = 1L << (bits - 1);
                ShiftExp exp = new ShiftExp(scale, Shiftmax.DEFAULT_N);
                for (int r = 0; r < 20; r++) {
                    int max = Integer.MIN_VALUE;
                    for (int i = 0; i < len; i++) {
                        max = Math.max(max, x[r * len + i]);
                    }
                    long expSum = 0;
                    for (int i = 0; i < len; i++) {
                        expSum += exp.exp(x[r * len + i] - max);
                    }
                    // factor = floor((2^31-1)/S) loses up to S/2^31 of the total; each floor < 1 unit.
                    long lower = (Integer.MAX_VALUE - expSum) >> (32 - bits);
                    long sum = 0;
                    for (int i = 0; i < len; i++) {
                        int v = y.data()[r * len + i];
                        assertTrue(v >= 0 && v < one, "output " + v + " outside [0, 2^(k-1))");
                        sum += v;
                    }
                    assertTrue(sum <= one && sum >= lower - len, "k=" + bits + " s=" + scale + ": row sum " + sum
                            + " not in [" + (lower - len) + ", " + one + "]");
                    if (scale == 0.0625) {
                        assertTrue(sum >= one - one / 64 - len, "k=" + bits + ": row sum " + sum); // S << 2^31 here
                    }
                }
            }
        }
    }

    @Test
    void followsTheRealSoftmax() {
        SplittableRandom rnd = new SplittableRandom(6);
        int len = 49;
        int[] x = new int[len];
        double scale = 0.0625;
        for (int i = 0; i < len; i++) {
            x[i] = rnd.nextInt(-128, 128);
        }
        int[] y = kernel.softmax(IntTensor.of(x, scale, len), 16).data();
        double z = 0;
        for (int v : x) {
            z += Math.exp(v * scale);
        }
        double maxErr = 0;
        for (int i = 0; i < len; i++) {
            maxErr = Math.max(maxErr, Math.abs(y[i] / 32768.0 - Math.exp(x[i] * scale) / z));
        }
        assertTrue(maxErr < 0.05, "Shiftmax deviates from softmax by " + maxErr);
    }

    @Test
    void extremeInputsDoNotOverflow() {
        int[] x = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, Integer.MAX_VALUE - 1, -1};
        int[] y = kernel.softmax(IntTensor.of(x, 0.0625, 5), 16).data();
        for (int v : y) {
            assertTrue(v >= 0 && v < 32768, "output " + v);
        }
        assertEquals(0, y[0]);
        assertEquals(0, y[2]);
        assertTrue(y[1] > y[3] && y[3] > 0);
        // The smallest valid scale for n = 15 (|x0| * 2^15 <= 2^31 - 1), with saturated sums.
        double smallest = 1.0 / 65535;
        int[] wide = new int[300];
        int[] z = kernel.softmax(IntTensor.of(wide, smallest, 300), 8).data();
        for (int v : z) {
            assertTrue(v >= 0 && v < 128);
        }
    }

    @Test
    void tooSmallAScaleFailsClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.softmax(IntTensor.of(new int[4], 1e-6, 4), 8));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.softmax(IntTensor.of(new int[4], 0.1, 4), 1));
        assertThrows(IllegalArgumentException.class, () -> kernel.softmax(IntTensor.of(new int[4], 0.1, 4), 25));
    }
}
