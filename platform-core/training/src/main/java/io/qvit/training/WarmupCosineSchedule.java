package io.qvit.training;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Learning rate {@code peak * (i + 1) / warmup} for the first {@code warmup} iterations, then
 * {@code peak * (1 + cos(pi * progress)) / 2} down to zero at {@code total} iterations.
 */
public final class WarmupCosineSchedule implements ISchedule {
    private static final long serialVersionUID = 1L;
    private final double peak;
    private final int warmup;
    private final int total;

    /** A schedule over {@code total} iterations. */
    public WarmupCosineSchedule(double peak, int warmup, int total) {
        this.peak = peak;
        this.warmup = Math.min(warmup, total);
        this.total = Math.max(total, 1);
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < warmup) {
            return peak * (iteration + 1) / warmup;
        }
        double progress = Math.min(1.0, (iteration - warmup) / (double) Math.max(1, total - warmup));
        return peak * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new WarmupCosineSchedule(peak, warmup, total);
    }
}
