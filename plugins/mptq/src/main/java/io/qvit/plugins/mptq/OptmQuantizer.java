package io.qvit.plugins.mptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mptq.optm}: MPTQ-ViT's OPT-m reconstruction for the post-GELU input of fc2 (see
 * {@link OptmTensorQuantizer}): a two-region grid ({@link TwinGrid}) whose region scales differ
 * by a power-of-two ratio 2^m, with m and the positive step searched per layer on the layer's
 * output error. Per-tensor; options in {@link OptmOptions}.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = OptmQuantizer.ID, citation = "Tai, Wu: MPTQ-ViT, arXiv 2401.14895 (reconstruction)")
public final class OptmQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "mptq.optm";

    /** Creates the quantizer (Declarative Services calls this; so may anyone else). */
    public OptmQuantizer() {
    }

    @Override
    public void validate(QuantizerConfig config) {
        OptmOptions.of(config);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        return new OptmTensorQuantizer(site, config.bits(), OptmOptions.of(config));
    }
}
