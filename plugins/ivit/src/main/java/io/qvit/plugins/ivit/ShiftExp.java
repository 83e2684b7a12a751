package io.qvit.plugins.ivit;

/**
 * I-ViT's shift-based integer exponential ({@code int_exp_shift} of the reference's
 * {@code IntSoftmax} and {@code IntGELU}): for an integer {@code x} at scale {@code s},
 * {@code exp(x * s)} is approximated by an integer at scale {@code s / 2^n}.
 *
 * <p>For {@code x <= 0}:
 * <ol>
 * <li>{@code t = x + floor(x/2) - floor(x/16)}: {@code x * log2(e)} with {@code log2 e ~ 1.0111b};
 * <li>{@code t = max(t, n * x0)}: the result is {@code 2^-n} or less below that;
 * <li>{@code q = floor(t / x0)}, {@code r = t - x0 * q}, so {@code 2^(t*s) = 2^(-q) * 2^(r*s)}
 *     with {@code r*s in (-1, 0]};
 * <li>{@code 2^(r*s) ~ 1 + r*s/2}, so the result is {@code floor((r/2 - x0) * 2^(n-q))}, which in
 *     integers is {@code ((r - 2*x0) << (n - q)) >> 1}.
 * </ol>
 *
 * <p>The one constant derived from the scale, before any element, exactly where the reference
 * computes it: {@code x0 = floor(-1/s)}, minus the number of integer units in 1.0 (the reference
 * evaluates {@code -1/s} in float32; in double the floor is the same unless {@code 1/s} is
 * within float32 rounding of an integer).
 *
 * <p>Valid constants, checked at construction: {@code 1 <= n <= 30} and
 * {@code |x0| * 2^n <= 2^31 - 1}, so that every result for {@code x <= 0} fits 31 bits (the
 * largest, at {@code x = 0}, is {@code |x0| * 2^n}): for Shiftmax's {@code n = 15} the input
 * scale must exceed {@code 2^-16}, for ShiftGELU's {@code n = 23} the sigmoid scale
 * ({@code 1.702 s}) must exceed {@code 1/256}. Positive {@code x} (only ShiftGELU's
 * {@code exp(-max)} for a row whose maximum is negative) saturates at {@code 2^31 - 1}, where
 * the reference's clamp of the sum would cut it anyway.
 */
public final class ShiftExp {
    /** The reference's clamp of exponential sums, {@code 2^31 - 1}. */
    public static final long SATURATION = Integer.MAX_VALUE;

    private final int n;
    private final long x0;
    private final long lowerClamp;

    /**
     * Derives the constants for input scale {@code scale}.
     *
     * @throws IllegalArgumentException if the constants leave the valid range
     */
    public ShiftExp(double scale, int n) {
        if (n < 1 || n > 30) {
            throw new IllegalArgumentException("shift-exp n must be in 1..30: " + n);
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("shift-exp scale must be positive and finite: " + scale);
        }
        double x0d = Math.floor(-1.0 / scale);
        if (-x0d > (double) (SATURATION >> n)) {
            throw new IllegalArgumentException("shift-exp input scale " + scale + " is too small for n = " + n
                    + ": x0 = floor(-1/s) = " + (long) x0d + " but |x0| * 2^n must be <= 2^31 - 1 (scale > "
                    + 1.0 / (SATURATION >> n) + ")");
        }
        this.n = n;
        this.x0 = (long) x0d;
        this.lowerClamp = n * x0;
    }

    /** The reference's {@code x0 = floor(-1/s)} (negative). */
    public long x0() {
        return x0;
    }

    /** The shift {@code n}: results have scale {@code s / 2^n}. */
    public int n() {
        return n;
    }

    /**
     * The integer exponential of {@code x} (any value whose {@code x + x/2} fits a long, which
     * holds for differences of two ints): at most {@code |x0| * 2^n} for {@code x <= 0}, at most
     * {@link #SATURATION} for {@code x > 0}; always at least 1.
     */
    public long exp(long x) {
        long t = x + (x >> 1) - (x >> 4);
        if (t < lowerClamp) {
            t = lowerClamp;
        }
        long q = Math.floorDiv(t, x0);
        long r = t - x0 * q; // in (x0, 0]
        long mant = r - 2 * x0; // in [1 - x0, -2 * x0]
        long shift = n - q;
        if (q < 0) {
            // Positive input: shift above n. Saturate before a long shift could overflow.
            int room = Long.numberOfLeadingZeros(mant) - 2;
            if (shift > room) {
                return SATURATION;
            }
            return Math.min(SATURATION, (mant << shift) >> 1);
        }
        return (mant << shift) >> 1;
    }
}
