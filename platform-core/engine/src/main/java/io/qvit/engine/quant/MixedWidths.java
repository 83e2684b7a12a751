package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mixed precision without re-calibration: the same model calibrated once per bit-width, composed
 * site by site. A site at width b takes its fitted quantizer (and, for a weight, its quantized
 * weight) from the calibration at b; everything that is not a quantized weight (biases,
 * LayerNorms, embeddings) comes from the reference float model. What a bit allocator's probe
 * evaluates; the chosen widths are then calibrated for real.
 */
public final class MixedWidths {
    private final CompiledModel reference;
    private final Map<Integer, QuantizedModel> byWidth;

    /**
     * A composer.
     *
     * @param reference the float model every calibration was made from (after its reparameterizations)
     * @param byWidth the calibrations, by the width their allocated sites were calibrated at
     */
    public MixedWidths(CompiledModel reference, Map<Integer, QuantizedModel> byWidth) {
        this.reference = reference;
        this.byWidth = Map.copyOf(byWidth);
    }

    /**
     * The model with each site of {@code widths} at its width and every other quantized site as in
     * the calibration at {@code fallback}.
     *
     * @throws IllegalArgumentException if a width was not calibrated
     */
    public QuantizedModel compose(Map<QuantSite, Integer> widths, Map<QuantSite, Integer> fallback) {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<QuantSite, TensorQuantizer> w = new LinkedHashMap<>();
        Map<QuantSite, TensorQuantizer> a = new LinkedHashMap<>();
        QuantizedModel any = byWidth.values().iterator().next();
        for (WeightSite ws : reference.weightSites()) {
            QuantizedModel from = at(ws.site(), widths, fallback);
            TensorQuantizer q = from == null ? null : from.weightQuantizers().get(ws.site());
            if (q != null) {
                weights.put(ws.key(), from.model().model().weight(ws.key()));
                w.put(ws.site(), q);
            } else {
                weights.put(ws.key(), reference.model().weight(ws.key()));
            }
        }
        for (QuantSite site : any.activationQuantizers().keySet()) {
            QuantizedModel from = at(site, widths, fallback);
            if (from != null && from.activationQuantizers().containsKey(site)) {
                a.put(site, from.activationQuantizers().get(site));
            }
        }
        return new QuantizedModel(reference.withWeights(weights), any.plan(), w, a);
    }

    private QuantizedModel at(QuantSite site, Map<QuantSite, Integer> widths, Map<QuantSite, Integer> fallback) {
        Integer b = widths.containsKey(site) ? widths.get(site) : fallback.get(site);
        if (b == null) {
            return byWidth.values().iterator().next();
        }
        QuantizedModel m = byWidth.get(b);
        if (m == null) {
            throw new IllegalArgumentException("site " + site + ": width " + b + " was not calibrated (calibrated: "
                    + new java.util.TreeSet<>(byWidth.keySet()) + ")");
        }
        return m;
    }
}
