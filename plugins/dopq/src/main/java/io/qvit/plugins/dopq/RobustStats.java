package io.qvit.plugins.dopq;

import java.util.Arrays;

/**
 * The order statistics MOSF needs: the median (the mean of the two middle values for an even
 * count) and the median absolute deviation. Computed on sorted copies in double, so the result
 * does not depend on the input order.
 */
final class RobustStats {

    private RobustStats() {
    }

    /**
     * The median of {@code values} (not modified).
     *
     * @throws IllegalArgumentException when {@code values} is empty
     */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median of {@code |x − median(x)|}. */
    static double medianAbsoluteDeviation(double[] values, double median) {
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        return median(dev);
    }

    /** {@code values} widened to double. */
    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
