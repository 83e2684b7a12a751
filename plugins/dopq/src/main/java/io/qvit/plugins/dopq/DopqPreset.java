package io.qvit.plugins.dopq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import io.qvit.toolkit.facts.PluginIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code dopq} method preset: the {@code repq} preset (a service of the repq plugin, expanded
 * at the same bit-widths) with two changes, everything else as RepQ-ViT (uniform elsewhere,
 * per-channel weights, uniform post-GELU):
 * <pre>
 * reparameterizations: repq.layernorm replaced by dopq.mosf
 * attn.probs: {quantizer: tanq, bits: A, granularity: per-tensor, init: search,
 *              options: {paradigm: sequential}}
 * </pre>
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = DopqPreset.ID, citation = "Yang, Gong, Lin, Wu, Sun, Gu: DopQ-ViT, arXiv 2408.03291 (reconstruction)")
public final class DopqPreset implements MethodPreset {
    /** The plugin id. */
    public static final String ID = "dopq";
    /** The granularity of tanq in the preset. */
    static final String PROBS_GRANULARITY = "per-tensor";

    private final MethodPreset repq;

    /**
     * Creates the preset on top of RepQ-ViT's.
     *
     * @param repq the {@code repq} preset service
     */
    @Activate
    public DopqPreset(@Reference(target = "(qvit.id=repq)") MethodPreset repq) {
        this.repq = Objects.requireNonNull(repq, "repq");
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        QuantizationRecipe base = repq.expand(weightBits, activationBits);
        List<String> reparams = new ArrayList<>();
        for (String id : base.reparameterizations()) {
            reparams.add(id.equals(PluginIds.REPQ_LAYERNORM) ? Mosf.ID : id);
        }
        Map<String, SiteRule> sites = new LinkedHashMap<>(base.sites());
        sites.put("attn.probs", SiteRule.builder().quantizer(TanQuantizer.ID).bits(activationBits)
                .granularity(PROBS_GRANULARITY).symmetric(false).init(TanOptions.INIT)
                .option("paradigm", "sequential").build());
        return new QuantizationRecipe(reparams, sites, base.bitAllocator());
    }
}
