package io.qvit.engine.run;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A function-preserving test rewrite after calibration: doubles blocks.0.norm1's affine part and
 * halves the qkv weight columns, then asks the platform to re-fit the qkv weight quantizer.
 * Records what it saw of the context.
 */
final class ScalingTestReparameterization implements Reparameterization {
    boolean sawFittedInputQuantizer;

    @Override
    public ReparameterizationPhase phase() {
        return ReparameterizationPhase.AFTER_CALIBRATION;
    }

    @Override
    public VisionModel apply(VisionModel model, ReparameterizationContext context) {
        sawFittedInputQuantizer = context.quantizer(new QuantSite("blocks.0", SiteRole.QKV_INPUT))
                .map(q -> q.fitted()).orElse(false);
        Map<String, Tensor> w = new LinkedHashMap<>(model.weights());
        w.put("blocks.0.norm1.weight", scaled(model.weight("blocks.0.norm1.weight"), 2f));
        w.put("blocks.0.norm1.bias", scaled(model.weight("blocks.0.norm1.bias"), 2f));
        w.put("blocks.0.attn.qkv.weight", scaled(model.weight("blocks.0.attn.qkv.weight"), 0.5f));
        context.refit(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT));
        return model.withWeights(w);
    }

    private static Tensor scaled(Tensor t, float f) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= f;
        }
        return Tensor.of(d, t.shape());
    }
}
