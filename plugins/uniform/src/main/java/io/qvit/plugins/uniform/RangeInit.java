package io.qvit.plugins.uniform;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the uniform quantizer picks the clipping range {@code [min, max]} of each quantization
 * group from the calibration tensors: the {@code init} of a site rule.
 */
public enum RangeInit {
    /**
     * {@code minmax}: the running minimum and maximum over every observed tensor (FQ-ViT
     * {@code models/ptq/observer/minmax.py}). Streaming; keeps no data.
     */
    MINMAX("minmax", false),
    /**
     * {@code percentile}: per observed tensor, {@code cur_max = quantile(x, p)} and
     * {@code cur_min = quantile(x, 1 - p)} with {@code p = 0.99999} (option {@code percentile});
     * the first tensor sets the range, later ones move it by {@code max += 0.01 * (cur_max - max)}
     * (and likewise for min), as FQ-ViT {@code models/ptq/observer/percentile.py} does with its
     * hard-coded momentum 0.01. FQ-ViT only allows it per tensor; here it is applied per group.
     * Streaming; keeps no data.
     */
    PERCENTILE("percentile", false),
    /**
     * {@code percentile-mse}: RepQ-ViT's {@code UniformQuantizer.init_quantization_scale}
     * ({@code quant/quantizer.py}): for each candidate {@code pct} in {0.999, 0.9999, 0.99999}
     * (option {@code percentiles}), {@code max = quantile(x, pct)}, {@code min = quantile(x, 1 - pct)},
     * and the candidate whose fake-quantized {@code x} has the lowest mean squared error against
     * {@code x} (input MSE) wins; ties keep the earlier candidate. Per group (channel, head) when
     * the granularity is not per tensor. Keeps the observed tensors (bounded by {@code max_samples}).
     */
    PERCENTILE_MSE("percentile-mse", true),
    /**
     * {@code mse}: OMSE as in FQ-ViT {@code models/ptq/observer/omse.py}: starting from the running
     * {@code [min, max]}, for {@code i = 0..89} try {@code [min, max]·(1 - 0.01·i)} and keep the
     * range with the lowest squared error; ties keep the earlier (wider) range. Differences from
     * FQ-ViT, which scores only the last calibration batch and one shrink factor shared by all
     * channels: here the score covers every retained tensor and each group picks its own factor.
     * Keeps the observed tensors (bounded by {@code max_samples}).
     */
    MSE("mse", true);

    private final String key;
    private final boolean needsData;

    RangeInit(String key, boolean needsData) {
        this.key = key;
        this.needsData = needsData;
    }

    /** The name experiment files use. */
    public String key() {
        return key;
    }

    /** True if the initialisation searches over the observed tensors, which must then be kept. */
    public boolean needsData() {
        return needsData;
    }

    /**
     * The initialisation named {@code key}.
     *
     * @throws IllegalArgumentException listing the known names when there is none
     */
    public static RangeInit fromKey(String key) {
        for (RangeInit r : values()) {
            if (r.key.equals(key.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown init '" + key + "' (the uniform quantizer knows: "
                + Arrays.stream(values()).map(RangeInit::key).collect(Collectors.joining(", ")) + ")");
    }
}
