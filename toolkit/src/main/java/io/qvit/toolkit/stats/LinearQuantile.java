package io.qvit.toolkit.stats;

/**
 * The linear-interpolation quantile of sorted float64 data, computed in double throughout:
 * position {@code p·(n − 1)}, {@code lo = floor}, {@code hi = min(lo + 1, n − 1)}, and
 * {@code x[lo] + (x[hi] − x[lo])·(pos − lo)}. This is {@code numpy.percentile}'s default
 * ("linear") rule, which AdaLog's FPCS ranges use on float64 sorted groups.
 *
 * <p>It is not {@link TorchQuantile}: that one forms the rank in float32 and interpolates with
 * ATen's two-sided lerp in float32, so the two differ in the last bits between the bounds (both
 * are exact at {@code p = 0} and {@code p = 1}). Plugins keep the one their reference uses.
 */
public final class LinearQuantile {
    private LinearQuantile() {
    }

    /**
     * The {@code p}-quantile of {@code sorted}, sorted ascending.
     *
     * @throws IllegalArgumentException if {@code sorted} is empty or {@code p} is outside [0, 1]
     */
    public static double of(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("quantile of no values");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1], got " + p);
        }
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
