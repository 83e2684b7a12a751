package io.qvit.plugins.fqvit;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code fqvit-ptf} method preset: FQ-ViT with PTF only, the authors' W/A/A setting
 * ({@code --ptf}; 8/8/8 at W8A8): {@link FqvitRecipe} with the attention probabilities uniform
 * minmax at the activation width ({@code attn.probs: {quantizer: uniform, bits: A, init: minmax}}).
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = FqvitPtfPreset.ID, citation = "Lin, Zhang, Sun, Chu, Zhou: FQ-ViT, IJCAI 2022")
public final class FqvitPtfPreset implements MethodPreset {
    /** The plugin id. */
    public static final String ID = "fqvit-ptf";

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public FqvitPtfPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        return FqvitRecipe.of(weightBits, activationBits,
                SiteRule.builder().quantizer("uniform").bits(activationBits).granularity("per-tensor")
                        .symmetric(false).init("minmax").build());
    }
}
