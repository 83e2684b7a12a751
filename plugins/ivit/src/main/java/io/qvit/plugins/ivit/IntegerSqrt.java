package io.qvit.plugins.ivit;

/**
 * Integer square roots: I-ViT's fixed Newton iteration (what I-LayerNorm uses, for parity with
 * the reference) and an exact {@code floor(sqrt(v))}.
 */
public final class IntegerSqrt {
    /** The reference's starting point, {@code 2^16}. */
    public static final long NEWTON_START = 1L << 16;

    /** The reference's number of iterations. */
    public static final int NEWTON_ITERATIONS = 10;

    /**
     * Smallest {@code v} from which {@link #newton(long)} is within one of {@code floor(sqrt(v))}
     * for every larger {@code v} up to {@link #NEWTON_EXACT_MAX}: below it, ten iterations from
     * {@code 2^16} have not come down to the root yet and overestimate it.
     */
    public static final long NEWTON_EXACT_MIN = 142_883L;

    /**
     * Largest {@code v} for which {@link #newton(long)} is guaranteed here to be within one of
     * {@code floor(sqrt(v))} (tested; the iteration still converges somewhat beyond, up to about
     * {@code 2^44}, and fails above).
     */
    public static final long NEWTON_EXACT_MAX = 1L << 40;

    private IntegerSqrt() {
    }

    /**
     * I-ViT's integer square root: {@code k = 2^16}, ten times {@code k = floor((k + floor(v/k))/2)}.
     * For {@code v} in {@code [NEWTON_EXACT_MIN, NEWTON_EXACT_MAX]} the result is
     * {@code floor(sqrt(v))}, except that for some {@code v = m^2 - 1} the iteration, which
     * alternates between {@code m - 1} and {@code m} there, stops at {@code m}. Never below
     * {@code floor(sqrt(v))}, never 0.
     *
     * @param v a variance, 0 to 2^62
     */
    public static long newton(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("square root of a negative value: " + v);
        }
        long k = NEWTON_START;
        for (int i = 0; i < NEWTON_ITERATIONS; i++) {
            k = (k + v / k) >> 1;
        }
        return k;
    }

    /** The exact {@code floor(sqrt(v))} for {@code v >= 0}, digit by digit in integers. */
    public static long floorSqrt(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("square root of a negative value: " + v);
        }
        long rest = v;
        long root = 0;
        long bit = 1L << 62;
        while (bit > rest) {
            bit >>= 2;
        }
        while (bit != 0) {
            if (rest >= root + bit) {
                rest -= root + bit;
                root = (root >> 1) + bit;
            } else {
                root >>= 1;
            }
            bit >>= 2;
        }
        return root;
    }
}
