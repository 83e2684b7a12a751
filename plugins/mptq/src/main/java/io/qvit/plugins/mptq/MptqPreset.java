package io.qvit.plugins.mptq;

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
 * The {@code mptq} method preset: SQ-b and OPT-m at a single precision, on RepQ-ViT's protocol for
 * everything MPTQ-ViT does not describe:
 *
 * <pre>
 * reparameterizations: [mptq.sqb]
 * sites:
 *   default:    {quantizer: uniform, bits: A, per-tensor, asymmetric, init: percentile-mse, options: {paradigm: sequential}}
 *   "*.weight": {bits: W, granularity: per-channel, init: percentile-mse}
 *   qkv.input, fc1.input, reduction.input:
 *               {granularity: per-channel, init: percentile, options: {paradigm: parallel}}   # ranges for mptq.sqb
 *   fc2.input:  {quantizer: mptq.optm, bits: A, granularity: per-tensor, options: {paradigm: sequential}}
 *   attn.probs: {quantizer: log-sqrt2, bits: A, init: percentile-mse, options: {paradigm: sequential}}
 * </pre>
 *
 * The post-LayerNorm ranges are per-channel percentiles of the float activations (the same at every
 * width, so the folding of {@code mptq.sqb} does not depend on the bit-width, which keeps a mixed
 * precision probe coherent); {@code mptq.sqb} then replaces those quantizers by per-tensor
 * symmetric ones. A {@code bit_allocator} in the experiment file makes it mixed precision.
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = MptqPreset.ID, citation = "Tai, Wu: MPTQ-ViT, arXiv 2401.14895 (reconstruction)")
public final class MptqPreset implements MethodPreset {
    /** The preset id. */
    public static final String ID = "mptq";

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public MptqPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        sites.put("default", SiteRule.builder().quantizer(PluginIds.UNIFORM).bits(activationBits)
                .granularity("per-tensor").symmetric(false).init("percentile-mse").option("paradigm", "sequential")
                .build());
        sites.put("*.weight", SiteRule.builder().bits(weightBits).granularity("per-channel").init("percentile-mse")
                .build());
        for (String postLn : new String[] {"qkv.input", "fc1.input", "reduction.input"}) {
            sites.put(postLn, SiteRule.builder().granularity("per-channel").init("percentile")
                    .option("paradigm", "parallel").build());
        }
        // Options are scoped by quantizer: the sequential paradigm of the default rule is set again on
        // the rules that switch to another quantizer (both read it).
        sites.put("fc2.input", SiteRule.builder().quantizer(OptmQuantizer.ID).bits(activationBits)
                .granularity("per-tensor").option("paradigm", "sequential").build());
        sites.put("attn.probs", SiteRule.builder().quantizer(PluginIds.LOG_SQRT2).bits(activationBits)
                .init("percentile-mse").option("paradigm", "sequential").build());
        return new QuantizationRecipe(List.of(SmoothQuantBias.ID), sites, null);
    }
}
