package io.qvit.engine.quant;

import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.Map;

/**
 * Weight storage of a model: float32 for every tensor, against the quantized model where each
 * quantized weight takes {@code bits} per value plus a float32 scale and zero point per
 * quantization group, and everything else (biases, LayerNorms, embeddings) stays float32.
 */
public final class ModelSize {
    private ModelSize() {
    }

    /** Bytes of all tensors at float32. */
    public static long float32Bytes(CompiledModel model) {
        long n = 0;
        for (Tensor t : model.model().weights().values()) {
            n += 4L * t.size();
        }
        return n;
    }

    /** Bytes at the quantized model's bit-widths. */
    public static long quantizedBytes(CompiledModel fp, QuantizedModel q) {
        long bytes = float32Bytes(fp);
        Map<io.qvit.api.quant.QuantSite, io.qvit.api.quant.TensorQuantizer> wq = q.weightQuantizers();
        for (WeightSite ws : fp.weightSites()) {
            var tq = wq.get(ws.site());
            if (tq == null) {
                continue;
            }
            long elements = fp.model().weight(ws.key()).size();
            var params = tq.params();
            bytes -= 4L * elements;
            bytes += (elements * params.bits() + 7) / 8 + 8L * params.scale().size();
        }
        return bytes;
    }
}
