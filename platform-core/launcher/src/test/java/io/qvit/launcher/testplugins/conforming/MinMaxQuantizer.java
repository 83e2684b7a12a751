package io.qvit.launcher.testplugins.conforming;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** A test plugin that passes the conformance kit: asymmetric per-tensor minmax, packaged into a bundle by the tests. */
@Component(service = Quantizer.class)
@QvitPlugin(id = "test-minmax", citation = "qvit integration test")
public final class MinMaxQuantizer implements Quantizer {
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        float qmax = (1 << config.bits()) - 1;
        return new TensorQuantizer() {
            private float min = Float.POSITIVE_INFINITY;
            private float max = Float.NEGATIVE_INFINITY;
            private float s;
            private float z;
            private boolean fitted;

            @Override
            public void observe(Tensor t) {
                for (float v : t.data()) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }

            @Override
            public void fit() {
                s = (max - min) / qmax;
                if (!(s > 0)) {
                    s = Math.max(Math.abs(min), 1f);
                }
                z = (float) Math.rint(-min / s) + 0f;
                fitted = true;
            }

            @Override
            public boolean fitted() {
                return fitted;
            }

            @Override
            public Tensor quantize(Tensor t) {
                if (!fitted) {
                    throw new IllegalStateException("not fitted");
                }
                float[] out = new float[t.size()];
                for (int i = 0; i < out.length; i++) {
                    float q = Math.min(Math.max((float) Math.rint(t.data()[i] / s) + z, 0f), qmax);
                    out[i] = (q - z) * s;
                }
                return Tensor.of(out, t.shape());
            }

            @Override
            public QuantParams params() {
                return new QuantParams(config.bits(), config.granularity(), Tensor.of(new float[] {s}, 1),
                        Tensor.of(new float[] {z}, 1), Map.of("qmin", 0, "qmax", (int) qmax));
            }
        };
    }
}
