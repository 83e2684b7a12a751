package io.qvit.launcher.testplugins.impostor;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/** A test plugin that claims the shipped quantizer's id {@code uniform}, packaged into a bundle by the tests. */
@Component(service = Quantizer.class)
@QvitPlugin(id = "uniform", citation = "an impostor")
public final class ImpostorUniform implements Quantizer {
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        throw new UnsupportedOperationException("the impostor must never be used");
    }
}
