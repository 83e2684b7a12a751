package io.qvit.plugins.adalog;

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
 * The {@code adalog} method preset (METHODS §2.6; reference {@code configs/4bit.py},
 * {@code utils/wrap_net.py}), without the optional BRECQ reconstruction:
 * <pre>
 * reparameterizations: [repq.layernorm]
 * sites:
 *   default:    {quantizer: adalog.uniform, bits: A, granularity: per-tensor, symmetric: false, init: fpcs}
 *   "*.weight": {bits: W, granularity: per-channel}
 *   qkv.input, fc1.input, reduction.input: {granularity: per-channel}   # then repq.layernorm
 *   attn.q, attn.k, attn.v: {granularity: per-head}
 *   attn.probs: {quantizer: adalog, options: {scale: 1}}
 *   fc2.input:  {quantizer: adalog, options: {shift: 0.16997124254703522}}
 * </pre>
 * Post-LayerNorm inputs are fitted per channel on their MSE and folded into per-tensor ones by
 * RepQ-ViT's {@code repq.layernorm} (a service of the repq plugin, which must be installed); the
 * linear layers behind them then search their weights on the output error against that per-tensor
 * quantizer. Every other layer runs the alternating FPCS search on its output error. The
 * platform's protocol keeps the patch-embedding input at 8 bits. The deployment form of the
 * post-GELU offset, {@code adalog.gelu-bias}, is not listed (it leaves the simulated accuracy
 * unchanged up to {@code (W − Ŵ)·c}, see {@link GeluBiasReparameterization}).
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = "adalog", citation = "Wu, Zhang, Ding, Lin, Li, Zhang: AdaLog, ECCV 2024")
public final class AdaLogPreset implements MethodPreset {
    /** {@code −min GELU}, the post-GELU offset. */
    static final double GELU_SHIFT = 0.16997124254703522;

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public AdaLogPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        sites.put("default", SiteRule.builder().quantizer("adalog.uniform").bits(activationBits)
                .granularity("per-tensor").symmetric(false).init(FpcsUniformQuantizer.INIT).build());
        sites.put("*.weight", SiteRule.builder().bits(weightBits).granularity("per-channel").build());
        for (String postLn : new String[] {"qkv.input", "fc1.input", "reduction.input"}) {
            sites.put(postLn, SiteRule.builder().granularity("per-channel").build());
        }
        for (String operand : new String[] {"attn.q", "attn.k", "attn.v"}) {
            sites.put(operand, SiteRule.builder().granularity("per-head").build());
        }
        sites.put("attn.probs", SiteRule.builder().quantizer("adalog").bits(activationBits).granularity("per-tensor")
                .init(FpcsUniformQuantizer.INIT).option("scale", 1.0).build());
        sites.put("fc2.input", SiteRule.builder().quantizer("adalog").bits(activationBits).granularity("per-tensor")
                .init(FpcsUniformQuantizer.INIT).option("shift", GELU_SHIFT).build());
        return new QuantizationRecipe(List.of(PluginIds.REPQ_LAYERNORM), sites, null);
    }
}
