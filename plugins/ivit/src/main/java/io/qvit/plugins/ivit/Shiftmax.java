package io.qvit.plugins.ivit;

/**
 * I-ViT's Shiftmax (the reference's {@code IntSoftmax}), on rows of integers at one input scale.
 *
 * <p>Per row: subtract the row maximum, take {@link ShiftExp} of each value, sum the
 * exponentials in 64 bits and clamp the sum to {@code 2^31 - 1} (the reference's
 * {@code clamp_max_}), {@code factor = floor((2^31 - 1) / sum)}, and
 * {@code out = floor(exp * factor / 2^(32 - k))} at scale {@code 2^-(k-1)}. Because
 * {@code exp <= sum} (or {@code factor = 1} and {@code exp <= 2^31 - 1} when the sum saturated),
 * {@code exp * factor <= 2^31 - 1}: every output lies in {@code [0, 2^(k-1) - 1]} and no
 * intermediate exceeds 63 bits.
 *
 * <p>Opt-in {@link Normalization#INT64} (not in the authors' code): the sum is not clamped (it fits
 * 63 bits for rows shorter than 2^31), {@code factor = floor(2^62 / sum)} and
 * {@code out = floor(exp * factor / 2^(63 - k))}: the row's normalisation then has a relative error
 * below {@code 2^-31} instead of {@code 1/factor} (a few percent when the sum is near 2^31).
 *
 * <p>Differences from the float32 reference: the reference rounds {@code 2^31 - 1} to
 * {@code 2^31} and computes the sum, the division and the product {@code exp * factor} in
 * float32, so its outputs may differ by one unit in a few elements.
 */
public final class Shiftmax {
    /** The reference's {@code n} for Shiftmax. */
    public static final int DEFAULT_N = 15;

    private static final long ONE_Q31 = Integer.MAX_VALUE; // the reference's 2**31 - 1
    private static final long ONE_Q62 = 1L << 62;

    private final ShiftExp exp;
    private final int shiftOut;
    private final boolean wide;
    private final long maxOut;

    /**
     * Prepares Shiftmax for inputs at {@code inputScale}, with {@code outputBits} (2..24) output
     * bits and the shift constant {@code n}.
     */
    public Shiftmax(double inputScale, int outputBits, int n) {
        this(inputScale, outputBits, n, Normalization.INT32);
    }

    /** As {@link #Shiftmax(double, int, int)}, with the given normalisation. */
    public Shiftmax(double inputScale, int outputBits, int n, Normalization normalization) {
        IntRounding.checkBits(outputBits, 24);
        this.exp = new ShiftExp(inputScale, n);
        this.wide = normalization == Normalization.INT64;
        this.shiftOut = (wide ? 63 : 32) - outputBits;
        this.maxOut = (1L << (outputBits - 1)) - 1;
    }

    /** Applies Shiftmax to each row of {@code length} values of {@code x}, writing {@code out}. */
    public void apply(int[] x, int[] out, int length) {
        if (length <= 0 || x.length % length != 0) {
            throw new IllegalArgumentException("row length " + length + " does not divide " + x.length + " values");
        }
        long[] e = new long[length];
        for (int base = 0; base < x.length; base += length) {
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < length; i++) {
                max = Math.max(max, x[base + i]);
            }
            long sum = 0;
            if (wide) {
                for (int i = 0; i < length; i++) {
                    e[i] = exp.exp((long) x[base + i] - max);
                    sum += e[i]; // each e[i] <= 2^31 - 1 and length < 2^31: fits 62 bits
                }
                long factor = ONE_Q62 / sum; // e[i] <= sum: e[i] * factor <= 2^62
                for (int i = 0; i < length; i++) {
                    out[base + i] = (int) Math.min((e[i] * factor) >> shiftOut, maxOut);
                }
                continue;
            }
            for (int i = 0; i < length; i++) {
                e[i] = exp.exp((long) x[base + i] - max);
                sum = Math.min(sum + e[i], ONE_Q31); // each e[i] <= 2^31 - 1: no overflow
            }
            long factor = ONE_Q31 / sum; // sum >= 1
            for (int i = 0; i < length; i++) {
                out[base + i] = (int) ((e[i] * factor) >> shiftOut);
            }
        }
    }
}
