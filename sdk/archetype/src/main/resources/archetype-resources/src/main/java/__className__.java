package ${package};

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code ${pluginId}} quantizer: asymmetric uniform per-tensor quantization whose scale is the
 * smallest power of two that covers the observed min/max range (so dequantization is a shift).
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = "${pluginId}", citation = "replace with the method's citation")
public final class ${className} implements Quantizer {
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("${pluginId} supports per-tensor granularity only, not " + config.granularity());
        }
        return new Pow2TensorQuantizer(config);
    }

    /** One site's quantizer: running min/max, then a power-of-two scale. */
    static final class Pow2TensorQuantizer implements TensorQuantizer {
        private final QuantizerConfig config;
        private final float qmax;
        private float min = Float.POSITIVE_INFINITY;
        private float max = Float.NEGATIVE_INFINITY;
        private float scale;
        private float zero;
        private boolean fitted;

        Pow2TensorQuantizer(QuantizerConfig config) {
            this.config = config;
            this.qmax = (1 << config.bits()) - 1;
        }

        @Override
        public void observe(Tensor tensor) {
            for (float v : tensor.data()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }

        @Override
        public void fit() {
            float lo = Math.min(min, 0f);
            float hi = Math.max(max, 0f);
            float range = (hi - lo) / qmax;
            scale = range > 0 ? pow2AtLeast(range) : 1f;
            zero = Math.min(Math.max((float) Math.rint(-lo / scale), 0f), qmax) + 0f;
            fitted = true;
        }

        private static float pow2AtLeast(float x) {
            int e = Math.getExponent(x);
            float p = Math.scalb(1f, e);
            return p >= x ? p : Math.scalb(1f, e + 1);
        }

        @Override
        public boolean fitted() {
            return fitted;
        }

        @Override
        public Tensor quantize(Tensor tensor) {
            if (!fitted) {
                throw new IllegalStateException("${pluginId}: quantize before fit");
            }
            float[] in = tensor.data();
            float[] out = new float[in.length];
            for (int i = 0; i < in.length; i++) {
                float q = Math.min(Math.max((float) Math.rint(in[i] / scale) + zero, 0f), qmax);
                out[i] = (q - zero) * scale;
            }
            return Tensor.of(out, tensor.shape());
        }

        @Override
        public QuantParams params() {
            return new QuantParams(config.bits(), config.granularity(), Tensor.of(new float[] {scale}, 1),
                    Tensor.of(new float[] {zero}, 1), Map.of("qmin", 0, "qmax", (int) qmax));
        }
    }
}
