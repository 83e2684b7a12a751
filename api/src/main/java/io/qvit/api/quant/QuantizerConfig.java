package io.qvit.api.quant;

import java.util.Map;
import java.util.Objects;

/**
 * What an experiment asks of one quantizer at one site.
 *
 * @param bits bit-width, 2 to 16
 * @param granularity how many scale/zero-point pairs
 * @param symmetric signed symmetric grid instead of asymmetric with zero point
 * @param init the initialisation the quantizer uses to pick its range ({@code minmax},
 *     {@code percentile}, {@code mse}, ... as the plugin documents)
 * @param heads attention heads, for {@link Granularity#PER_HEAD}; otherwise 0
 * @param options plugin-specific parameters from the experiment file (unmodifiable)
 */
public record QuantizerConfig(int bits, Granularity granularity, boolean symmetric, String init, int heads,
                              Map<String, Object> options) {

    /** Smallest supported bit-width. */
    public static final int MIN_BITS = 2;
    /** Largest supported bit-width. */
    public static final int MAX_BITS = 16;

    /** Validates the values and copies the options. */
    public QuantizerConfig {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be in " + MIN_BITS + ".." + MAX_BITS + ", got " + bits);
        }
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(init, "init");
        if (granularity == Granularity.PER_HEAD && heads <= 0) {
            throw new IllegalArgumentException("per-head granularity needs a positive number of heads");
        }
        options = Map.copyOf(options);
    }
}
