package io.qvit.api.quant;

import java.util.Objects;

/**
 * One quantization site of one model: a role at a scope. The scope is the block path
 * ({@code blocks.3}, Swin {@code layers.1.blocks.0} or {@code layers.1.downsample}) or empty for
 * model-level sites (patch embedding, head).
 *
 * @param scope the block path, or {@code ""}
 * @param role what is quantized there
 */
public record QuantSite(String scope, SiteRole role) {

    /** Validates the values. */
    public QuantSite {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(role, "role");
    }

    /** The site's name, e.g. {@code blocks.3.fc2.input} or {@code head.weight}. */
    public String id() {
        return scope.isEmpty() ? role.key() : scope + "." + role.key();
    }

    @Override
    public String toString() {
        return id();
    }
}
