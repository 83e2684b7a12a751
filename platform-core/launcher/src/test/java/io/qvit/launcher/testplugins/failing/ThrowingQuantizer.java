package io.qvit.launcher.testplugins.failing;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** A test plugin whose activation throws, packaged into a bundle by the tests. */
@Component(service = Quantizer.class)
@QvitPlugin(id = "test-throwing", citation = "qvit integration test")
public final class ThrowingQuantizer implements Quantizer {
    @Activate
    void activate() {
        throw new IllegalStateException("boom: this plugin cannot initialise");
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        throw new UnsupportedOperationException();
    }
}
