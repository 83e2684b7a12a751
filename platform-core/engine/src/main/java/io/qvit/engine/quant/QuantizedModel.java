package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;
import io.qvit.runtime.CompiledModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A calibrated, fake-quantized model: the float runtime with quantized weights, plus the fitted
 * activation quantizers that a hook applies at their sites on every forward pass.
 */
public final class QuantizedModel {
    private final CompiledModel model;
    private final List<SitePlan> plan;
    private final Map<QuantSite, TensorQuantizer> weightQuantizers;
    private final Map<QuantSite, TensorQuantizer> activationQuantizers;
    private final ActivationHook hook;

    QuantizedModel(CompiledModel model, List<SitePlan> plan, Map<QuantSite, TensorQuantizer> weightQuantizers,
                   Map<QuantSite, TensorQuantizer> activationQuantizers) {
        this.model = model;
        this.plan = List.copyOf(plan);
        this.weightQuantizers = Collections.unmodifiableMap(new LinkedHashMap<>(weightQuantizers));
        this.activationQuantizers = Collections.unmodifiableMap(new LinkedHashMap<>(activationQuantizers));
        this.hook = (site, x) -> {
            TensorQuantizer q = this.activationQuantizers.get(site);
            return q == null ? x : q.quantize(x);
        };
    }

    /** The fake-quantization hook (activation quantizers at their sites). */
    public ActivationHook hook() {
        return hook;
    }

    /** Logits of the quantized model for a batch {@code [B, C, H, W]}. */
    public Tensor forward(Tensor images) {
        return model.forward(images, hook);
    }

    /**
     * This model with only the sites that {@code keep} accepts quantized: their weights and
     * activation quantizers as fitted here, every other site in float32 (weights taken from
     * {@code floatModel}). Used by sensitivity analysis; nothing is re-calibrated.
     */
    public QuantizedModel restrictedTo(CompiledModel floatModel, Predicate<QuantSite> keep) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (io.qvit.runtime.WeightSite ws : floatModel.weightSites()) {
            boolean quantized = weightQuantizers.containsKey(ws.site()) && keep.test(ws.site());
            weights.put(ws.key(), (quantized ? model : floatModel).model().weight(ws.key()));
        }
        Map<QuantSite, TensorQuantizer> w = new LinkedHashMap<>();
        weightQuantizers.forEach((site, q) -> {
            if (keep.test(site)) {
                w.put(site, q);
            }
        });
        Map<QuantSite, TensorQuantizer> a = new LinkedHashMap<>();
        activationQuantizers.forEach((site, q) -> {
            if (keep.test(site)) {
                a.put(site, q);
            }
        });
        return new QuantizedModel(floatModel.withWeights(weights), plan, w, a);
    }

    /** The runtime model holding the fake-quantized weights. */
    public CompiledModel model() {
        return model;
    }

    /** The plan it was calibrated with, every site in execution order. */
    public List<SitePlan> plan() {
        return plan;
    }

    /** Fitted weight quantizers by site. */
    public Map<QuantSite, TensorQuantizer> weightQuantizers() {
        return weightQuantizers;
    }

    /** The fitted parameters of every quantized site, weights and activations (for integer conversion). */
    public Map<QuantSite, io.qvit.api.quant.QuantParams> params() {
        Map<QuantSite, io.qvit.api.quant.QuantParams> m = new LinkedHashMap<>();
        weightQuantizers.forEach((site, q) -> m.put(site, q.params()));
        activationQuantizers.forEach((site, q) -> m.put(site, q.params()));
        return m;
    }

    /** Fitted activation quantizers by site. */
    public Map<QuantSite, TensorQuantizer> activationQuantizers() {
        return activationQuantizers;
    }
}
