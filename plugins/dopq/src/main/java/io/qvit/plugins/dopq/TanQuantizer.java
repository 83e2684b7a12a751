package io.qvit.plugins.dopq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * {@code tanq}: DopQ-ViT's tangent quantizer for post-softmax attention ([I] reconstruction of
 * its form: {@link TanGrid}), per tensor or per head, with the angles searched on calibration
 * data (MSE, then the {@code probs·v} output error); options in {@link TanOptions}.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = TanQuantizer.ID, citation = "Yang, Gong, Lin, Wu, Sun, Gu: DopQ-ViT, arXiv 2408.03291 (reconstruction)")
public final class TanQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "tanq";

    /** Creates the quantizer service (Declarative Services calls this; so may anyone else). */
    public TanQuantizer() {
    }

    @Override
    public void validate(QuantizerConfig config) {
        TanOptions.parse(config);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        return new TanTensorQuantizer(site, config, TanOptions.parse(config));
    }
}
