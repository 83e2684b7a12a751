package io.qvit.plugins.repq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import io.qvit.toolkit.facts.PluginIds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code repq} method preset: RepQ-ViT's recipe (METHODS §2.1, §2.5; reference
 * {@code quant_model.py}, {@code test_quant.py}):
 *
 * <pre>
 * reparameterizations: [repq.layernorm]
 * sites:
 *   default:     {quantizer: uniform, bits: A, granularity: per-tensor, symmetric: false,
 *                 init: percentile-mse, options: {paradigm: sequential}}
 *   "*.weight":  {bits: W, granularity: per-channel, init: percentile-mse}
 *   qkv.input, fc1.input, reduction.input: {granularity: per-channel}   # then repq.layernorm
 *   attn.probs:  {quantizer: log-sqrt2, bits: A, init: percentile-mse, options: {paradigm: sequential}}
 * </pre>
 *
 * The platform's protocol defaults keep {@code patch_embed.input} at 8 bits and LayerNorm,
 * softmax, GELU and the residual stream in float; the head is quantized like any linear layer.
 * {@code paradigm: sequential}: RepQ-ViT calibrates in one forward pass with every quantizer on.
 * {@code attn.probs} names its init so that a file overriding the activations' init (say
 * {@code percentile}) does not hand log-sqrt2 an init it does not have.
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = "repq", citation = "Li, Xiao, Liu, Zhang, Gu: RepQ-ViT, ICCV 2023")
public final class RepqPreset implements MethodPreset {
    /** The calibration option every RepQ activation rule carries. */
    static final Map<String, Object> SEQUENTIAL = Map.of("paradigm", "sequential");

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public RepqPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        sites.put("default", SiteRule.builder().quantizer(PluginIds.UNIFORM).bits(activationBits)
                .granularity("per-tensor").symmetric(false).init("percentile-mse").options(SEQUENTIAL).build());
        sites.put("*.weight", SiteRule.builder().bits(weightBits).granularity("per-channel").init("percentile-mse")
                .build());
        for (String postLn : new String[] {"qkv.input", "fc1.input", "reduction.input"}) {
            sites.put(postLn, SiteRule.builder().granularity("per-channel").build());
        }
        sites.put("attn.probs", SiteRule.builder().quantizer(PluginIds.LOG_SQRT2).bits(activationBits)
                .init("percentile-mse").options(SEQUENTIAL).build());
        return new QuantizationRecipe(List.of(LayerNormReparameterization.ID), sites, null);
    }
}
