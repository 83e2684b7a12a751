package io.qvit.plugins.fqvit;

import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fully-quantized recipe of the authors' {@code config.py} with {@code --ptf} and
 * {@code --quant-method minmax}, every site of the vocabulary enabled:
 * <pre>
 * *.weight:                  {bits: W, granularity: per-channel, symmetric: true, init: minmax,
 *                             options: {symmetric_scale: ptq4vit}}        (int8: max|w|/127.5)
 * default:                   {quantizer: uniform, bits: A, granularity: per-tensor, symmetric: false, init: minmax}
 * norm.input, residual:      {quantizer: fqvit.ptf, bits: A, granularity: per-channel, init: minmax, enabled: true}
 * softmax.input, gelu.input: {enabled: true}
 * attn.probs:                the probabilities' rule (LIS or uniform)
 * </pre>
 * The authors keep the GELU input (the fc1 output) in float; the fully-quantized protocol quantizes
 * it like any activation ({@code gelu.input: {enabled: false}} in a file restores theirs).
 */
final class FqvitRecipe {
    private FqvitRecipe() {
    }

    static QuantizationRecipe of(int weightBits, int activationBits, SiteRule probs) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        sites.put("default", SiteRule.builder().quantizer("uniform").bits(activationBits).granularity("per-tensor")
                .symmetric(false).init("minmax").build());
        sites.put("*.weight", SiteRule.builder().quantizer("uniform").bits(weightBits).granularity("per-channel")
                .symmetric(true).init("minmax").option("symmetric_scale", "ptq4vit").build());
        for (String role : List.of("norm.input", "residual")) {
            sites.put(role, SiteRule.builder().quantizer(PtfQuantizer.ID).bits(activationBits)
                    .granularity("per-channel").symmetric(false).init("minmax").enabled(true).build());
        }
        for (String role : List.of("softmax.input", "gelu.input")) {
            sites.put(role, SiteRule.builder().enabled(true).build());
        }
        sites.put("attn.probs", probs);
        return new QuantizationRecipe(List.of(), sites, null);
    }
}
