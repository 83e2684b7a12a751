package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** I-LayerNorm: against a float LayerNorm, constant rows and channels, and the valid ranges. */
class ILayerNormTest {
    private final IViTKernel kernel = new IViTKernel();

    @Test
    void fusedAffineMatchesFloatLayerNormWithinOneUnit() {
        SplittableRandom rnd = new SplittableRandom(7);
        int c = 192;
        int rows = 50;
        int[] x = new int[rows * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(-32768, 32768) / (1 + i % 7);
        }
        double[] gamma = new double[c];
        double[] beta = new double[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = rnd.nextDouble(-2, 2);
            beta[i] = rnd.nextDouble(-1, 1);
        }
        gamma[5] = 0; // a constant channel, as in DeiT-T's checkpoint
        double s = 4.0 / 127;
        int[] q = kernel.layerNorm(IntTensor.of(x, 1.0, rows, c), gamma, beta, s, 8).data();
        long off = 0;
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int i = 0; i < c; i++) {
                mean += x[r * c + i];
            }
            mean /= c;
            double var = 0;
            for (int i = 0; i < c; i++) {
                var += (x[r * c + i] - mean) * (x[r * c + i] - mean);
            }
            double sd = Math.sqrt(var / c);
            for (int i = 0; i < c; i++) {
                double v = (x[r * c + i] - mean) / sd * gamma[i] + beta[i];
                long expected = Math.max(-128, Math.min(127, Math.round(v / s)));
                long d = Math.abs(expected - q[r * c + i]);
                assertTrue(d <= 1, "row " + r + " channel " + i + ": " + q[r * c + i] + " vs " + expected);
                off += d;
            }
            assertEquals(Math.rint(beta[5] / s), q[r * c + 5], "gamma = 0 gives the constant beta");
        }
        assertTrue(off < 0.01 * x.length, off + " elements off by one");
    }

    @Test
    void constantRowsGiveZeroWithoutDividingByZero() {
        int[] x = new int[64];
        java.util.Arrays.fill(x, 1234);
        IntTensor y = kernel.layerNorm(IntTensor.of(x, 0.1, 2, 32));
        assertArrayEquals(new int[64], y.data());
        assertEquals(Math.sqrt(32) / 0x1p30, y.scale());
    }

    @Test
    void outputFitsThirtyOneBitsAtTheExtremes() {
        int c = 2;
        int[] x = {-(1 << 19), 1 << 19}; // var = 2^39, within the iteration's range
        int[] y = kernel.layerNorm(IntTensor.of(x, 1, 1, c)).data();
        // (x - mean)/sigma = -1, 1 at scale sqrt(2)/2^30: about -+2^30/sqrt(2)
        assertEquals(-(1L << 30) / Math.sqrt(2), y[0], 1e6);
        assertEquals(-y[0], y[1]);
    }

    @Test
    void outOfRangeInputsFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.layerNorm(IntTensor.of(new int[] {(1 << 20) + 1, 0}, 1, 1, 2)));
        assertTrue(e.getMessage().contains("valid range"), e.getMessage());
        int[] wide = new int[192];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = i % 2 == 0 ? 1 << 20 : -(1 << 20);
        }
        e = assertThrows(IllegalArgumentException.class, () -> kernel.layerNorm(IntTensor.of(wide, 1, 1, 192)));
        assertTrue(e.getMessage().contains("2^40"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> kernel.layerNorm(IntTensor.of(new int[4], 1, 1, 4), new double[3], new double[4], 0.1, 8));
    }
}
