package io.qvit.api.quant;

import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * The fitted parameters of a quantizer, for reports, exports and integer kernels. A uniform
 * quantizer maps {@code x} to {@code clamp(round(x / scale) + zeroPoint, qmin, qmax)}; other
 * quantizers document what their {@code extra} entries mean (log base, codebook, split point).
 *
 * @param bits bit-width
 * @param granularity the shape of {@code scale} and {@code zeroPoint}
 * @param scale one value per tensor, channel or head
 * @param zeroPoint same shape as {@code scale}; zeros for symmetric quantizers
 * @param extra quantizer-specific parameters (unmodifiable)
 */
public record QuantParams(int bits, Granularity granularity, Tensor scale, Tensor zeroPoint, Map<String, Object> extra) {

    /** Validates the values. */
    public QuantParams {
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(zeroPoint, "zeroPoint");
        if (scale.size() != zeroPoint.size()) {
            throw new IllegalArgumentException("scale and zero point sizes differ");
        }
        extra = Map.copyOf(extra);
    }
}
