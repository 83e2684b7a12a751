package io.qvit.engine.quant;

import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common ViT PTQ protocol (METHODS.md §2.1), which every recipe starts from: linear and
 * attention-matmul inputs quantized per tensor (asymmetric), weights per output channel, the
 * patch-embedding input at 8 bits, the head quantized like any linear layer, and LayerNorm,
 * softmax, GELU and the residual stream left in float ({@code norm.input}, {@code residual},
 * {@code softmax.input}, {@code gelu.input} disabled; fully quantized recipes enable them).
 */
public final class ProtocolDefaults {
    /** The quantizer plugin used where a rule names none. */
    public static final String QUANTIZER = "uniform";

    private ProtocolDefaults() {
    }

    /** The base rules, least specific first; a recipe's rules are applied on top. */
    public static Map<String, SiteRule> rules() {
        Map<String, SiteRule> m = new LinkedHashMap<>();
        m.put(SitePattern.DEFAULT, new SiteRule(QUANTIZER, 8, "per-tensor", false, "minmax", true, Map.of()));
        m.put("*.weight", new SiteRule(null, null, "per-channel", null, null, null, Map.of()));
        m.put("patch_embed.input", new SiteRule(null, 8, null, null, null, null, Map.of()));
        for (String off : new String[] {"norm.input", "residual", "softmax.input", "gelu.input"}) {
            m.put(off, new SiteRule(null, null, null, null, null, false, Map.of()));
        }
        return m;
    }
}
