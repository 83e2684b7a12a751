package io.qvit.plugins.fqvit;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code fqvit} method preset: FQ-ViT with PTF and Log-Int-Softmax, the authors' W/A/4
 * setting ({@code --ptf --lis}; 8/8/4 at W8A8): {@link FqvitRecipe} with
 * {@code attn.probs: {quantizer: fqvit.lis, bits: 4, init: log2}}.
 */
@Component(service = MethodPreset.class)
@QvitPlugin(id = FqvitPreset.ID, citation = "Lin, Zhang, Sun, Chu, Zhou: FQ-ViT, IJCAI 2022")
public final class FqvitPreset implements MethodPreset {
    /** The plugin id. */
    public static final String ID = "fqvit";
    /** The authors' width of the log2 attention probabilities. */
    static final int LIS_BITS = 4;

    /** Creates the preset (Declarative Services calls this; so may anyone else). */
    public FqvitPreset() {
    }

    @Override
    public QuantizationRecipe expand(int weightBits, int activationBits) {
        return FqvitRecipe.of(weightBits, activationBits,
                SiteRule.builder().quantizer(LisQuantizer.ID).bits(LIS_BITS).granularity("per-tensor")
                        .symmetric(false).init(LisQuantizer.INIT).build());
    }
}
