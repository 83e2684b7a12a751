package io.qvit.plugins.dopq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.reparam.Reparameterization;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dopq.mosf.mad}: MOSF ({@link MosfReparameterization}) with the MAD outlier rule with k = 3 (DopQ-ViT v3, [I]).
 * Needs the repq plugin's {@code repq.layernorm} service.
 */
@Component(service = Reparameterization.class)
@QvitPlugin(id = MosfMad.ID, citation = "Yang, Gong, Lin, Wu, Sun, Gu: DopQ-ViT, arXiv 2408.03291 (reconstruction)")
public final class MosfMad extends MosfReparameterization {
    /** The plugin id. */
    public static final String ID = "dopq.mosf.mad";

    /**
     * Creates the service around RepQ-ViT's folding.
     *
     * @param fold the {@code repq.layernorm} service
     */
    @Activate
    public MosfMad(@Reference(target = REPQ_TARGET) Reparameterization fold) {
        super(fold, new MadRule(MadRule.DEFAULT_K));
    }
}
