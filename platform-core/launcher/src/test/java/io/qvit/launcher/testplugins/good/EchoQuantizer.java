package io.qvit.launcher.testplugins.good;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** A test plugin: a quantizer that leaves tensors unchanged, packaged into a bundle by the tests. */
@Component(service = Quantizer.class)
@QvitPlugin(id = "test-echo", citation = "qvit integration test")
public final class EchoQuantizer implements Quantizer {
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        return new TensorQuantizer() {
            private boolean fitted;

            @Override
            public void observe(Tensor tensor) {
            }

            @Override
            public void fit() {
                fitted = true;
            }

            @Override
            public boolean fitted() {
                return fitted;
            }

            @Override
            public Tensor quantize(Tensor tensor) {
                return tensor.copy();
            }

            @Override
            public QuantParams params() {
                return new QuantParams(config.bits(), config.granularity(), Tensor.zeros(1), Tensor.zeros(1), Map.of());
            }
        };
    }
}
