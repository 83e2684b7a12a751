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

    /** The code of {@code x}. */
    public int code(float x) {
        if (!(x > 0)) {
            return zeroCode;
        }
        float ratio = x / delta;
        float log2 = (float) (Math.log(ratio) / LN2);
        double q = Math.rint(-2f * log2);
        if (q >= zeroCode) {
            return zeroCode;
        }
        return q < 0 ? 0 : (int) q;
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
