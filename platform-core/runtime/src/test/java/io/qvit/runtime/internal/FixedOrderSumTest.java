package io.qvit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FixedOrderSum} against a scalar emulation of its 16 logical lanes: equality bit for bit
 * at whatever width this JVM runs proves the sums independent of the width (the emulation has none).
 */
class FixedOrderSumTest {

    /** The specification in scalar code: lane i mod 16 in float (fused for squares), tree in double, tail in double. */
    private static double reference(float[] a, int off, int len, float mean, boolean squares) {
        float[] lanes = new float[16];
        int end = off + len / 16 * 16;
        for (int i = off; i < end; i++) {
            float x = squares ? a[i] - mean : a[i];
            lanes[(i - off) % 16] = squares ? Math.fma(x, x, lanes[(i - off) % 16]) : lanes[(i - off) % 16] + x;
        }
        double total = treeSpecification(lanes);
        for (int i = end; i < off + len; i++) {
            double d = squares ? a[i] - mean : a[i];
            total += squares ? d * d : d;
        }
        return total;
    }

    /** The pairwise tree as a loop over levels, independent of the unrolled implementation. */
    private static double treeSpecification(float[] lanes) {
        double[] level = new double[16];
        for (int i = 0; i < 16; i++) {
            level[i] = lanes[i];
        }
        for (int n = 16; n > 1; n /= 2) {
            for (int i = 0; i < n / 2; i++) {
                level[i] = level[2 * i] + level[2 * i + 1];
            }
        }
        return level[0];
    }

    @Test
    void sumsEqualTheScalarSpecificationBitForBit() {
        Random r = new Random(3);
        float[] a = new float[1000];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 3));
        }
        for (int off : new int[] {0, 1, 5, 17}) {
            for (int len : new int[] {0, 1, 15, 16, 17, 64, 192, 197, 768, 983}) {
                assertEquals(reference(a, off, len, 0f, false), FixedOrderSum.sum(a, off, len, new float[16]), 0.0,
                        "sum off " + off + " len " + len + " at " + VectorWidth.BITS + " bits");
                assertEquals(reference(a, off, len, 0.37f, true), FixedOrderSum.sumOfSquares(a, off, len, 0.37f, new float[16]), 0.0,
                        "squares off " + off + " len " + len + " at " + VectorWidth.BITS + " bits");
            }
        }
    }

    @Test
    void treeCombinesPairwise() {
        float[] lanes = new float[16];
        lanes[0] = 1e8f;
        lanes[1] = 1f;
        lanes[2] = -1e8f;
        assertEquals(1.0, FixedOrderSum.tree(lanes), 0.0);
        Random r = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            for (int i = 0; i < 16; i++) {
                lanes[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 4));
            }
            assertEquals(treeSpecification(lanes), FixedOrderSum.tree(lanes), 0.0);
        }
    }
}
