package io.qvit.plugins.dopq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.reparam.Reparameterization;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dopq.mosf}: MOSF ({@link MosfReparameterization}) with the default rule, the median (DopQ-ViT v2; chosen by the measurements in docs/methods/dopq.md).
 * Needs the repq plugin's {@code repq.layernorm} service.
 */
@Component(service = Reparameterization.class)
@QvitPlugin(id = Mosf.ID, citation = "Yang, Gong, Lin, Wu, Sun, Gu: DopQ-ViT, arXiv 2408.03291 (reconstruction)")
public final class Mosf extends MosfReparameterization {
    /** The plugin id. */
    public static final String ID = "dopq.mosf";

    /**
     * Creates the service around RepQ-ViT's folding.
     *
     * @param fold the {@code repq.layernorm} service
     */
    @Activate
    public Mosf(@Reference(target = REPQ_TARGET) Reparameterization fold) {
        super(fold, new MedianRule());
    }
}
