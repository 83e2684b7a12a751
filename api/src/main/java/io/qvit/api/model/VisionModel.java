package io.qvit.api.model;

import io.qvit.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A float32 vision transformer as data: its architecture and its weights under timm key names
 * ({@code blocks.0.attn.qkv.weight}, ...). The platform's runtime builds an executable graph from
 * it and checks that every tensor the architecture needs is present with the right shape.
 *
 * @param config the architecture
 * @param weights tensors by timm key name, in checkpoint order (unmodifiable view)
 * @param metadata free-form checkpoint metadata (source, checksum, ...)
 */
public record VisionModel(ModelConfig config, Map<String, Tensor> weights, Map<String, String> metadata) {

    /** Validates and copies the maps, keeping their iteration order. */
    public VisionModel {
        Objects.requireNonNull(config, "config");
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor under {@code key}.
     *
     * @throws IllegalArgumentException naming the key and the architecture when it is missing
     */
    public Tensor weight(String key) {
        Tensor t = weights.get(key);
        if (t == null) {
            throw new IllegalArgumentException(config.architecture() + ": missing tensor '" + key + "'");
        }
        return t;
    }

    /** A model with the same config and metadata and the given weights (used by reparameterizations). */
    public VisionModel withWeights(Map<String, Tensor> newWeights) {
        return new VisionModel(config, newWeights, metadata);
    }
}
