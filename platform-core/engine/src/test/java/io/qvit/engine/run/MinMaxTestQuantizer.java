package io.qvit.engine.run;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;

/** A small per-tensor min-max asymmetric quantizer for engine tests (the real ones are plugins). */
final class MinMaxTestQuantizer implements Quantizer {
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        return new TensorQuantizer() {
            private float min = Float.POSITIVE_INFINITY;
            private float max = Float.NEGATIVE_INFINITY;
            private float scale;
            private float zero;
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
                int levels = (1 << config.bits()) - 1;
                min = Math.min(min, 0);
                max = Math.max(max, 0);
                scale = max > min ? (max - min) / levels : 1f;
                zero = (float) Math.rint(-min / scale);
                fitted = true;
            }

            @Override
            public boolean fitted() {
                return fitted;
            }

            @Override
            public Tensor quantize(Tensor t) {
                float[] out = new float[t.size()];
                int levels = (1 << config.bits()) - 1;
                float[] in = t.data();
                for (int i = 0; i < in.length; i++) {
                    float q = (float) Math.min(levels, Math.max(0, Math.rint(in[i] / scale) + zero));
                    out[i] = (q - zero) * scale;
                }
                return Tensor.of(out, t.shape());
            }

            @Override
            public QuantParams params() {
                return new QuantParams(config.bits(), config.granularity(), Tensor.of(new float[] {scale}, 1),
                        Tensor.of(new float[] {zero}, 1), Map.of());
            }
        };
    }
}
