package io.qvit.plugins.uniform;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a symmetric grid turns the largest magnitude {@code a = max(|min|, |max|)} of its range into
 * a scale: the option {@code symmetric_scale}.
 */
public enum SymmetricScale {
    /** {@code ivit} (default): {@code s = a / (2^(b-1) - 1)}, as I-ViT; {@code ±a} are codes {@code ±(2^(b-1) - 1)}. */
    IVIT("ivit"),
    /**
     * {@code ptq4vit}: {@code s = a / (2^(b-1) - 0.5)}, PTQ4ViT's initial scale; {@code -a} rounds to
     * the code {@code -2^(b-1)}.
     */
    PTQ4VIT("ptq4vit");

    private final String key;

    SymmetricScale(String key) {
        this.key = key;
    }

    /** The option value experiment files use. */
    public String key() {
        return key;
    }

    /** The divisor of {@code a} for {@code bits}-bit grids. */
    float divisor(int bits) {
        double half = Math.pow(2, bits - 1);
        return (float) (this == IVIT ? half - 1 : half - 0.5);
    }

    /**
     * The value named {@code key}.
     *
     * @throws IllegalArgumentException listing the known values when there is none
     */
    public static SymmetricScale fromKey(String key) {
        for (SymmetricScale s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("option 'symmetric_scale': unknown value '" + key + "' (known: "
                + Arrays.stream(values()).map(SymmetricScale::key).collect(Collectors.joining(", ")) + ")");
    }
}
