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
        m.put(SitePattern.DEFAULT, SiteRule.builder().quantizer(QUANTIZER).bits(8).granularity("per-tensor")
                .symmetric(false).init("minmax").enabled(true).build());
        m.put("*.weight", SiteRule.builder().granularity("per-channel").build());
        m.put("patch_embed.input", SiteRule.builder().bits(8).build());
        for (String off : new String[] {"norm.input", "residual", "softmax.input", "gelu.input"}) {
            m.put(off, SiteRule.builder().enabled(false).build());
        }
        return m;
    }
}
