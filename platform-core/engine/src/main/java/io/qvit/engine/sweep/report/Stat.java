package io.qvit.engine.sweep.report;

import java.util.List;

/**
 * Mean ± standard deviation of one table or plot cell.
 *
 * @param mean the mean of the values
 * @param std the sample standard deviation over the values, or a single value's own std (its
 *     {@code repeat}); NaN when there is none
 * @param n how many values
 */
public record Stat(double mean, double std, int n) {
    /**
     * The statistics of {@code values}: with several values their mean and sample std; with one,
     * the value and {@code ownStd} (null when it has none); null without values.
     */
    public static Stat of(List<Double> values, Double ownStd) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return new Stat(values.get(0), ownStd == null ? Double.NaN : ownStd, 1);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new Stat(mean, Math.sqrt(ss / (values.size() - 1)), values.size());
    }

    /** Whether there is a std to show. */
    public boolean hasStd() {
        return !Double.isNaN(std);
    }
}
