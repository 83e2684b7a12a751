package io.qvit.engine.recipe;

import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code quantization.scope}: which tensors the protocol quantizes before the method preset and
 * the file's rules apply. {@code standard} (the default) is the common ViT PTQ protocol
 * ({@link io.qvit.engine.quant.ProtocolDefaults}: LayerNorm, softmax, GELU and the residual stream
 * in float); {@code full} is the fully-quantized protocol (FQ-ViT, TSPTQ-ViT): it enables every
 * role of the site vocabulary, so {@code norm.input}, {@code residual}, {@code softmax.input} and
 * {@code gelu.input} are quantized like any activation (the {@code activations} rule), and their
 * widths are set by ordinary site rules ({@code residual: {bits: 16}}).
 */
public final class QuantizationScope {
    /** The common protocol. */
    public static final String STANDARD = "standard";
    /** Every site of the vocabulary. */
    public static final String FULL = "full";
    /** The roles the common protocol leaves in float and {@code full} enables. */
    public static final List<String> FLOAT_ROLES = List.of("norm.input", "residual", "softmax.input", "gelu.input");

    private QuantizationScope() {
    }

    /**
     * The rules a scope puts under the preset's and the file's rules (empty for {@code standard}
     * or null).
     *
     * @throws IllegalArgumentException for an unknown scope
     */
    public static Map<String, SiteRule> rules(String scope) {
        Map<String, SiteRule> m = new LinkedHashMap<>();
        if (scope == null || STANDARD.equals(scope)) {
            return m;
        }
        if (!FULL.equals(scope)) {
            throw new IllegalArgumentException("unknown scope '" + scope + "' (known: " + STANDARD + ", " + FULL + ")");
        }
        for (String role : FLOAT_ROLES) {
            m.put(role, SiteRule.builder().enabled(true).build());
        }
        return m;
    }
}
