package io.qvit.plugins.repq;

/**
 * The b-bit log√2 grid of RepQ-ViT with top value Δ, in float32 as the reference computes it.
 *
 * <p>Quantization: {@code q = round(−2·log2(x/Δ))} (half to even), clamped to {@code [0, 2^b − 1]};
 * a value whose unclamped code is {@code ≥ 2^b} (tiny values, and 0 itself, whose logarithm is
 * −∞) maps to 0. This class gives such values the <em>zero code</em> {@code 2^b}, one past the
 * b-bit range: the reference's grid has 2^b non-zero levels plus an exact zero, so a faithful code
 * needs that extra state. Negative values and NaN (never produced by a softmax) also get the zero
 * code.
 *
 * <p>Dequantization: {@code x̂ = 2^(−⌈q/2⌉)·(1 + (√2 − 1)·(q mod 2))·Δ}, that is {@code Δ·2^(−q/2)}
 * for even {@code q} and {@code Δ·√2·2^(−(q+1)/2)} (= {@code Δ·2^(−q/2)}) for odd {@code q}; the
 * zero code gives 0. The largest level is Δ (code 0): values above Δ saturate there.
 *
 * @see ShiftAccumulateMatmul the integer-friendly form of the attention-times-values product
 */
public final class LogSqrt2Grid {
    /** √2 in float32, the odd codes' factor {@code 1 + (√2 − 1)} as the reference evaluates it. */
    public static final float SQRT2 = (float) Math.sqrt(2.0);
    private static final double LN2 = Math.log(2.0);
    /** 2^(1/4): below it, {@code −2·log2(m)} rounds to 0. */
    private static final double QUARTER = Math.pow(2.0, 0.25);
    /** 2^(3/4): below it (and from 2^(1/4)), {@code −2·log2(m)} rounds to −1. */
    private static final double THREE_QUARTERS = Math.pow(2.0, 0.75);

    private final int bits;
    private final float delta;
    private final int zeroCode;

    /**
     * The grid of {@code bits} bits with top value {@code delta}.
     *
     * @throws IllegalArgumentException if {@code bits} is outside 1..30 or {@code delta} is not a
     *     finite positive number
     */
    public LogSqrt2Grid(int bits, float delta) {
        if (bits < 1 || bits > 30) {
            throw new IllegalArgumentException("log-sqrt2: bits must be in 1..30, got " + bits);
        }
        if (!(delta > 0) || Float.isInfinite(delta)) {
            throw new IllegalArgumentException("log-sqrt2: Δ must be finite and positive, got " + delta);
        }
        this.bits = bits;
        this.delta = delta;
        this.zeroCode = 1 << bits;
    }

    /** Bit-width b. */
    public int bits() {
        return bits;
    }

    /** The top value Δ (code 0). */
    public float delta() {
        return delta;
    }

    /** The largest non-zero code, {@code 2^b − 1}. */
    public int maxCode() {
        return zeroCode - 1;
    }

    /** The code that stands for 0, {@code 2^b}. */
    public int zeroCode() {
        return zeroCode;
    }

    /**
     * The code of {@code x}: {@code round(−2·log2(x/Δ))} with {@code x/Δ} in float32, clamped, or
     * the zero code. Computed without a logarithm: for a normal {@code x/Δ = m·2^e}
     * ({@code 1 ≤ m < 2}), {@code −2·log2(x/Δ) = −2e − 2·log2(m)} and the rounding of
     * {@code −2·log2(m) ∈ (−2, 0]} is decided by comparing m with 2^(1/4) and 2^(3/4), which no
     * float32 equals (so there are no ties). Subnormal ratios take the logarithm.
     */
    public int code(float x) {
        if (!(x > 0)) {
            return zeroCode;
        }
        float ratio = x / delta;
        if (ratio >= 1f) {
            return 0;
        }
        long q;
        if (ratio >= Float.MIN_NORMAL) {
            int e = Math.getExponent(ratio);
            double m = Math.scalb(ratio, -e);
            q = -2L * e - (m < QUARTER ? 0 : m < THREE_QUARTERS ? 1 : 2);
        } else if (ratio > 0f) {
            q = (long) Math.rint(-2.0 * Math.log(ratio) / LN2);
        } else {
            return zeroCode;
        }
        return q >= zeroCode ? zeroCode : (int) Math.max(q, 0);
    }

    /** The value of {@code code} (0 for the zero code). */
    public float value(int code) {
        if (code == zeroCode) {
            return 0f;
        }
        if (code < 0 || code > zeroCode) {
            throw new IllegalArgumentException("log-sqrt2: code " + code + " outside 0.." + zeroCode);
        }
        float shift = Math.scalb(1f, -((code + 1) >> 1));
        float odd = (code & 1) == 1 ? SQRT2 : 1f;
        return shift * odd * delta;
    }

    /** Quantizes then dequantizes one value. */
    public float fakeQuantize(float x) {
        return value(code(x));
    }

    @Override
    public String toString() {
        return "log-sqrt2 grid[" + bits + " bit, Δ = " + delta + "]";
    }
}
