package io.qvit.runtime;

import io.qvit.api.quant.QuantSite;
import java.util.List;
import java.util.Objects;

/**
 * A weight quantization site and the checkpoint tensor it quantizes. Weights are quantized once,
 * by replacing the tensor under {@link #key()} (see {@link CompiledModel#withWeights}).
 *
 * @param site the site, e.g. {@code blocks.3.qkv.weight}
 * @param key the timm tensor name, e.g. {@code blocks.3.attn.qkv.weight}
 * @param shape the tensor's shape ({@code [out, in]} for linear layers, {@code [out, in, kh, kw]}
 *     for the patch embedding)
 */
public record WeightSite(QuantSite site, String key, List<Integer> shape) {

    /** Validates the values and copies the shape. */
    public WeightSite {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(key, "key");
        shape = List.copyOf(shape);
        if (!site.role().isWeight()) {
            throw new IllegalArgumentException(site + " is not a weight site");
        }
    }
}
