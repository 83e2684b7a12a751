package io.qvit.plugins.ivit;

/**
 * I-ViT's ShiftGELU (the reference's {@code IntGELU}): {@code GELU(x) ~ x * sigmoid(1.702 x)},
 * with the sigmoid computed from shift-exponentials at the scale {@code 1.702 s}.
 *
 * <p>Per row of the last axis, with {@code M} the row maximum:
 * {@code sigmoid(x) = e^(x-M) / (e^(x-M) + e^(-M))}; both exponentials are {@link ShiftExp}s,
 * their sum is clamped to {@code 2^31 - 1}, {@code factor = floor((2^31 - 1) / sum)},
 * {@code sig = floor(e^(x-M) * factor / 2^(32-k))} in {@code [0, 2^(k-1) - 1]}, and the output is
 * {@code x * sig} at scale {@code s / 2^(k-1)}.
 *
 * <p>Opt-in {@link Normalization#INT64} (not in the authors' code): {@code factor = floor(2^62 / sum)}
 * and {@code sig = floor(e^(x-M) * factor / 2^(63-k))}, so the sigmoid keeps its {@code k} bits
 * even when {@code |x0| * 2^n} is near 2^31 (a 16-bit input), where {@code floor((2^31-1)/sum)}
 * is 1 or 2 and the sigmoid near the row maximum can read anything from 1/2 to 1.
 *
 * <p>Constants derived from the scale before the loop: {@code x0 = floor(-1 / (1.702 s))} of the
 * shift-exponential (the reference multiplies the float32 scale by 1.702 in float32; here in
 * double). Valid inputs: {@code |x| * (2^(k-1) - 1) <= 2^31 - 1} (an 8-bit sigmoid allows
 * {@code |x| < 2^24}); a violation throws {@link IllegalArgumentException}.
 */
public final class ShiftGelu {
    /** The reference's {@code n} for ShiftGELU. */
    public static final int DEFAULT_N = 23;

    /** The sigmoid slope of the GELU approximation. */
    public static final double SIGMOID_SLOPE = 1.702;

    private static final long ONE_Q31 = Integer.MAX_VALUE;
    private static final long ONE_Q62 = 1L << 62;

    private final ShiftExp exp;
    private final int shiftOut;
    private final long maxAbsInput;
    private final boolean wide;

    /** Prepares ShiftGELU for inputs at {@code inputScale} with a {@code sigmoidBits}-bit sigmoid. */
    public ShiftGelu(double inputScale, int sigmoidBits, int n) {
        this(inputScale, sigmoidBits, n, Normalization.INT32);
    }

    /** As {@link #ShiftGelu(double, int, int)}, with the given normalisation. */
    public ShiftGelu(double inputScale, int sigmoidBits, int n, Normalization normalization) {
        IntRounding.checkBits(sigmoidBits, 24);
        this.exp = new ShiftExp(inputScale * SIGMOID_SLOPE, n);
        this.wide = normalization == Normalization.INT64;
        this.shiftOut = (wide ? 63 : 32) - sigmoidBits;
        this.maxAbsInput = ONE_Q31 / ((1L << (sigmoidBits - 1)) - 1);
    }

    /** Applies ShiftGELU to each row of {@code length} values of {@code x}, writing {@code out}. */
    public void apply(int[] x, int[] out, int length) {
        if (length <= 0 || x.length % length != 0) {
            throw new IllegalArgumentException("row length " + length + " does not divide " + x.length + " values");
        }
        for (int base = 0; base < x.length; base += length) {
            int max = Integer.MIN_VALUE;
            for (int i = 0; i < length; i++) {
                int v = x[base + i];
                if (v > maxAbsInput || v < -maxAbsInput) {
                    throw new IllegalArgumentException("ShiftGELU input " + v + " at index " + (base + i)
                            + " is outside the valid range |x| <= " + maxAbsInput + " for this sigmoid width");
                }
                max = Math.max(max, v);
            }
            long expOfMinusMax = exp.exp(-(long) max);
            for (int i = 0; i < length; i++) {
                int v = x[base + i];
                long e = exp.exp((long) v - max);
                long sum;
                long factor;
                if (wide) {
                    sum = e + expOfMinusMax; // both in [1, 2^31 - 1]: e < sum, e * factor < 2^62
                    factor = ONE_Q62 / sum;
                } else {
                    sum = Math.min(e + expOfMinusMax, ONE_Q31);
                    factor = ONE_Q31 / sum;
                }
                long sig = (e * factor) >> shiftOut;
                out[base + i] = (int) (v * sig);
            }
        }
    }
}
