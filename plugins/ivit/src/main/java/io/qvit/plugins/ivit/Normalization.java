package io.qvit.plugins.ivit;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How Shiftmax and ShiftGELU turn a sum of shift-exponentials into a reciprocal: the kernel option
 * {@code normalization}.
 */
public enum Normalization {
    /** {@code int32} (default, the authors' code): sum clamped to {@code 2^31 - 1}, {@code factor = floor((2^31 - 1) / sum)}. */
    INT32("int32"),
    /** {@code int64}: sum in 64 bits, {@code factor = floor(2^62 / sum)}, products below {@code 2^62}. */
    INT64("int64");

    private final String key;

    Normalization(String key) {
        this.key = key;
    }

    /** The option value experiment files use. */
    public String key() {
        return key;
    }

    /**
     * The value named {@code key}.
     *
     * @throws IllegalArgumentException listing the known values when there is none
     */
    public static Normalization fromKey(String key) {
        for (Normalization n : values()) {
            if (n.key.equals(key)) {
                return n;
            }
        }
        throw new IllegalArgumentException("option 'normalization': unknown value '" + key + "' (known: "
                + Arrays.stream(values()).map(Normalization::key).collect(Collectors.joining(", ")) + ")");
    }
}
