package io.qvit.plugins.repq;

/**
 * Quantiles of sorted float32 data with linear interpolation, computed as {@code torch.quantile}
 * computes them in float32: rank {@code r = q·(n − 1)} in float32, {@code lo = floor(r)},
 * {@code hi = ceil(r)}, weight {@code w = r − lo}, then {@code x[lo] + w·(x[hi] − x[lo])} (for
 * {@code w < 0.5}) or {@code x[hi] − (x[hi] − x[lo])·(1 − w)}. Above 2^24 values the reference
 * falls back to {@code np.percentile}, which interpolates in float64: so does this class.
 */
final class Quantiles {
    /** The size above which {@code torch.quantile} refuses its input. */
    static final int TORCH_LIMIT = 1 << 24;

    private Quantiles() {
    }

    /**
     * The {@code q}-quantile of {@code sorted[0, n)}, sorted ascending.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code q} is outside [0, 1]
     */
    static float of(float[] sorted, int n, double q) {
        if (n < 1) {
            throw new IllegalArgumentException("quantile of no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1], got " + q);
        }
        if (n > TORCH_LIMIT) {
            double rank = q * (n - 1);
            int lo = (int) rank;
            int hi = (int) Math.ceil(rank);
            double w = rank - lo;
            double a = sorted[lo];
            double b = sorted[hi];
            return (float) (w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
        }
        float rank = (float) q * (float) (n - 1);
        int lo = (int) rank;
        int hi = Math.min((int) Math.ceil(rank), n - 1);
        float w = rank - lo;
        float a = sorted[lo];
        float b = sorted[hi];
        return w < 0.5f ? a + w * (b - a) : b - (b - a) * (1f - w);
    }
}
