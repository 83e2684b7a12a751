package io.qvit.plugins.ivit;

import io.qvit.api.kernel.Dyadic;

/**
 * Converts a real factor to I-ViT's dyadic form at conversion time (the reference's
 * {@code batch_frexp} with {@code max_bit = 31}): with {@code factor = f * 2^x},
 * {@code f in [0.5, 1)} (frexp), the multiplier is {@code m = round_half_up(f * 2^31)}, a 31-bit
 * integer in {@code [2^30, 2^31)}, and the shift is {@code e = 31 - x}, so
 * {@code factor ~ m / 2^e} with a relative error of at most {@code 2^-31}. When rounding gives
 * {@code m = 2^31} it is renormalised to {@code 2^30} with {@code e - 1} (same value).
 *
 * <p>Representable: {@code |factor| < 2^31} (shift at least 0). Factors below {@code 2^-32}
 * would need a shift above 62: the shift is then capped and the multiplier has fewer significant
 * bits (relative error grows, absolute error stays below {@code 2^-63}).
 */
public final class DyadicConversion {
    /** Significant bits of the multiplier (the reference's {@code max_bit}). */
    public static final int MULTIPLIER_BITS = 31;

    /** The largest shift a {@link Dyadic} allows. */
    public static final int MAX_SHIFT = 62;

    private DyadicConversion() {
    }

    /** The dyadic form of {@code factor}; zero gives {@code 0/2^0}, negatives a negative multiplier. */
    public static Dyadic toDyadic(double factor) {
        return toDyadic(factor, MAX_SHIFT);
    }

    /**
     * The dyadic form of {@code factor} with a shift of at most {@code maxShift} (fewer multiplier
     * bits if the natural shift is larger; used where an added bias must fit 64 bits).
     *
     * @throws IllegalArgumentException if {@code factor} is not finite or {@code |factor| >= 2^31}
     */
    public static Dyadic toDyadic(double factor, int maxShift) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("dyadic factor must be finite: " + factor);
        }
        if (maxShift < 0 || maxShift > MAX_SHIFT) {
            throw new IllegalArgumentException("maxShift must be in 0.." + MAX_SHIFT + ": " + maxShift);
        }
        if (factor == 0) {
            return new Dyadic(0, 0);
        }
        double a = Math.abs(factor);
        if (a >= 0x1p31) {
            throw new IllegalArgumentException("dyadic factor " + factor + " is too large: |factor| must be < 2^31");
        }
        // frexp: a = f * 2^x with f in [0.5, 1); Math.getExponent gives x - 1 for normal numbers.
        int x = Math.getExponent(a) + 1;
        int shift = MULTIPLIER_BITS - x;
        long m;
        if (shift <= maxShift) {
            double f = Math.scalb(a, -x);
            // f * 2^31 < 2^31 has at most 22 fractional bits, so adding 0.5 is exact: round half up.
            m = (long) Math.floor(Math.scalb(f, MULTIPLIER_BITS) + 0.5);
            if (m == 1L << MULTIPLIER_BITS) {
                if (shift > 0) {
                    m >>= 1;
                    shift--;
                }
            }
        } else {
            shift = maxShift;
            m = (long) Math.floor(Math.scalb(a, shift) + 0.5);
        }
        return new Dyadic(factor < 0 ? -m : m, shift);
    }
}
