package io.qvit.toolkit.stats;

/**
 * Quantiles of sorted float32 data computed as {@code torch.quantile(x, q)} does with its default
 * linear interpolation (ATen {@code Sorting.cpp}, {@code quantile_compute}): the level is a
 * float32 {@code q}, the rank {@code r = q·(n − 1)} is computed in float32, {@code below = (long) r},
 * {@code above = ceil(r)} (never past the last value), {@code w = r − below}, and the result is
 * {@code lerp(x[below], x[above], w)} with ATen's formula
 * ({@code w < 0.5 ? a + w·(b − a) : b − (b − a)·(1 − w)}) in float32. At {@code q = 0} and
 * {@code q = 1} the result is exactly the first and the last value.
 *
 * <p>{@code torch.quantile} refuses more than 2^24 values; the reference code (FQ-ViT, RepQ-ViT)
 * then falls back to {@code np.percentile}, which interpolates in float64. Above 2^24 values this
 * class does the same: rank and interpolation in double, then rounded to float32. Results can
 * differ from a given PyTorch build in the last bit where that build fuses the interpolation into
 * an FMA.
 */
public final class TorchQuantile {
    /** The size above which {@code torch.quantile} refuses its input. */
    public static final int TORCH_LIMIT = 1 << 24;

    private TorchQuantile() {
    }

    /**
     * The {@code q}-quantile of {@code sorted[0, n)}, which must be sorted ascending.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code q} is outside [0, 1]
     */
    public static float of(float[] sorted, int n, double q) {
        return of(sorted, 0, n, q);
    }

    /**
     * The {@code q}-quantile of {@code sorted[from, from + n)}, which must be sorted ascending.
     *
     * @throws IllegalArgumentException if {@code n < 1} or {@code q} is outside [0, 1]
     */
    public static float of(float[] sorted, int from, int n, double q) {
        if (n < 1) {
            throw new IllegalArgumentException("quantile of no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile level must be in [0, 1], got " + q);
        }
        if (n > TORCH_LIMIT) {
            double rank = q * (n - 1);
            int below = (int) rank;
            int above = (int) Math.ceil(rank);
            double w = rank - below;
            double a = sorted[from + below];
            double b = sorted[from + above];
            return (float) (w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));
        }
        float rank = (float) q * (float) (n - 1);
        int below = (int) rank;
        int above = Math.min((int) Math.ceil(rank), n - 1);
        float w = rank - below;
        float a = sorted[from + below];
        float b = sorted[from + above];
        return w < 0.5f ? a + w * (b - a) : b - (b - a) * (1f - w);
    }

    /**
     * The level {@code 1 − q} as the reference code forms it: in double, before any float32
     * rounding (the lower quantile of a symmetric percentile range).
     */
    public static double complement(double q) {
        return 1.0 - q;
    }
}
