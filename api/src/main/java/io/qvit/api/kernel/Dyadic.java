package io.qvit.api.kernel;

/**
 * A dyadic number {@code multiplier / 2^shift}: how integer-only inference multiplies by a real
 * factor (one integer multiply and one arithmetic shift).
 *
 * @param multiplier the integer numerator
 * @param shift the power of two of the denominator, 0 to 62
 */
public record Dyadic(long multiplier, int shift) {

    /** Validates the values. */
    public Dyadic {
        if (shift < 0 || shift > 62) {
            throw new IllegalArgumentException("shift must be in 0..62: " + shift);
        }
    }

    /** The real value it stands for. */
    public double value() {
        return multiplier / Math.pow(2, shift);
    }
}
