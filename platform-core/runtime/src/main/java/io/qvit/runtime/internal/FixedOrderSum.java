package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.VectorWidth.FLOATS;

import jdk.incubator.vector.FloatVector;

/**
 * Sums whose order is fixed by the data alone, not by the vector width: element {@code i} of a run
 * is added, in float, into logical lane {@code i mod 16} (one 512-bit vector, two 256-bit or four
 * 128-bit vectors hold the same 16 lanes); the 16 lanes are then combined in a fixed pairwise tree
 * in double, and the {@code len mod 16} trailing elements added one by one in double. Every width
 * performs the same IEEE operations on the same operands, so the result is bit-identical on AVX2,
 * AVX-512 and any JDK. Callers pass a scratch array of {@link #WIDTH} floats for the lanes (one per
 * call of theirs, not per row: these sums run once per LayerNorm and softmax row).
 */
final class FixedOrderSum {
    /** Logical lanes of every reduction. */
    static final int WIDTH = 16;
    private static final int LANES = FLOATS.length();

    private FixedOrderSum() {
    }

    /** {@code Σ a[off, off+len)}; {@code lanes} is scratch of {@link #WIDTH} floats. */
    static double sum(float[] a, int off, int len, float[] lanes) {
        return squaredDeviations(a, off, len, Float.NaN, lanes);
    }

    /**
     * {@code Σ (a[i] − mean)²} over {@code [off, off+len)}, each lane accumulating with a fused
     * multiply-add; {@code lanes} is scratch of {@link #WIDTH} floats.
     */
    static double sumOfSquares(float[] a, int off, int len, float mean, float[] lanes) {
        return squaredDeviations(a, off, len, mean, lanes);
    }

    /** The plain sum when {@code mean} is NaN, else the sum of squared deviations from it. */
    private static double squaredDeviations(float[] a, int off, int len, float mean, float[] lanes) {
        boolean squares = !Float.isNaN(mean);
        int end = off + len / WIDTH * WIDTH;
        // One branch per width; C2 keeps only the one of the running machine (LANES is a constant).
        // Straight-line vector code: a helper taking vectors would box them.
        if (LANES == 16) {
            FloatVector s0 = FloatVector.zero(FLOATS);
            for (int i = off; i < end; i += WIDTH) {
                FloatVector x0 = FloatVector.fromArray(FLOATS, a, i);
                if (squares) {
                    x0 = x0.sub(mean);
                    s0 = x0.fma(x0, s0);
                } else {
                    s0 = s0.add(x0);
                }
            }
            s0.intoArray(lanes, 0);
        } else if (LANES == 8) {
            FloatVector s0 = FloatVector.zero(FLOATS);
            FloatVector s1 = s0;
            for (int i = off; i < end; i += WIDTH) {
                FloatVector x0 = FloatVector.fromArray(FLOATS, a, i);
                FloatVector x1 = FloatVector.fromArray(FLOATS, a, i + 8);
                if (squares) {
                    x0 = x0.sub(mean);
                    x1 = x1.sub(mean);
                    s0 = x0.fma(x0, s0);
                    s1 = x1.fma(x1, s1);
                } else {
                    s0 = s0.add(x0);
                    s1 = s1.add(x1);
                }
            }
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, 8);
        } else {
            FloatVector s0 = FloatVector.zero(FLOATS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int i = off; i < end; i += WIDTH) {
                FloatVector x0 = FloatVector.fromArray(FLOATS, a, i);
                FloatVector x1 = FloatVector.fromArray(FLOATS, a, i + 4);
                FloatVector x2 = FloatVector.fromArray(FLOATS, a, i + 8);
                FloatVector x3 = FloatVector.fromArray(FLOATS, a, i + 12);
                if (squares) {
                    x0 = x0.sub(mean);
                    x1 = x1.sub(mean);
                    x2 = x2.sub(mean);
                    x3 = x3.sub(mean);
                    s0 = x0.fma(x0, s0);
                    s1 = x1.fma(x1, s1);
                    s2 = x2.fma(x2, s2);
                    s3 = x3.fma(x3, s3);
                } else {
                    s0 = s0.add(x0);
                    s1 = s1.add(x1);
                    s2 = s2.add(x2);
                    s3 = s3.add(x3);
                }
            }
            s0.intoArray(lanes, 0);
            s1.intoArray(lanes, 4);
            s2.intoArray(lanes, 8);
            s3.intoArray(lanes, 12);
        }
        double total = tree(lanes);
        for (int i = end; i < off + len; i++) {
            if (squares) {
                double d = a[i] - mean;
                total += d * d;
            } else {
                total += a[i];
            }
        }
        return total;
    }

    /** The 16 lanes combined pairwise in double: ((l0+l1)+(l2+l3)) + ... in a fixed tree (no allocation). */
    static double tree(float[] l) {
        double a0 = (double) l[0] + l[1];
        double a1 = (double) l[2] + l[3];
        double a2 = (double) l[4] + l[5];
        double a3 = (double) l[6] + l[7];
        double a4 = (double) l[8] + l[9];
        double a5 = (double) l[10] + l[11];
        double a6 = (double) l[12] + l[13];
        double a7 = (double) l[14] + l[15];
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    }
}
