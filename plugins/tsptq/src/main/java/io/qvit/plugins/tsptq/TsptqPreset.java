package io.qvit.plugins.tsptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code tsptq} method preset: a fully-quantized ViT (every site of the vocabulary enabled, as
 * {@code quantization.scope: full}) at W weight and A activation bits:
 * <pre>
 * norm.input, residual:   {quantizer: tsptq.o2sf, bits: A, granularity: per-channel, init: mse, enabled: true}
 * attn.probs, fc2.input:  {quantizer: tsptq.v2sf, bits: A, granularity: per-tensor, init: mse}
 * softmax.input, gelu.input: {enabled: true}   (uniform, per tensor, minmax, A bits)
 * </pre>
 * everything else the common protocol (uniform minmax; weights per output channel). Both sites
 * of the residual stream are LayerNorm inputs: {@code norm.input} enters each block's first
 * LayerNorm (and the final one), {@code residual} the second.
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = TsptqPreset.ID, citation = "Tai, Lin, Wu: TSPTQ-ViT, ICASSP 2023 (reconstruction)")
public final class TsptqPreset implements MethodPreset {
    /** The plugin id. */
    public static final String ID = "tsptq";

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public TsptqPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        for (String role : List.of("norm.input", "residual")) {
            sites.put(role, SiteRule.builder().quantizer(O2sfQuantizer.ID).bits(activationBits)
                    .granularity("per-channel").symmetric(false).init(TsptqOptions.INIT).enabled(true).build());
        }
        for (String role : List.of("softmax.input", "gelu.input")) {
            sites.put(role, SiteRule.builder().enabled(true).build());
        }
        for (String role : List.of("attn.probs", "fc2.input")) {
            sites.put(role, SiteRule.builder().quantizer(V2sfQuantizer.ID).bits(activationBits)
                    .granularity("per-tensor").symmetric(false).init(TsptqOptions.INIT).build());
        }
        return new QuantizationRecipe(List.of(), sites, null);
    }
}
