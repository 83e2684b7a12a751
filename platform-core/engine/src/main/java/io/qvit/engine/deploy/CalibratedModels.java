package io.qvit.engine.deploy;

import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SitePlan;
import io.qvit.runtime.CompiledModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hands a calibrated {@link QuantizedModel} to exporters as the API's {@link CalibratedModel}. */
public final class CalibratedModels {
    private CalibratedModels() {
    }

    /**
     * The exporter's view of {@code quantized}: its float reference, its on-grid weights and every
     * quantized site (weights and activations, in the plan's execution order) with its quantizer id
     * and fitted parameters.
     */
    public static CalibratedModel of(CompiledModel reference, QuantizedModel quantized, Map<String, String> provenance) {
        List<DeploySite> sites = new ArrayList<>();
        for (SitePlan p : quantized.plan()) {
            TensorQuantizer q = quantized.weightQuantizers().get(p.site());
            if (q == null) {
                q = quantized.activationQuantizers().get(p.site());
            }
            if (q != null) {
                sites.add(new DeploySite(p.site(), p.quantizer(), q.params()));
            }
        }
        return new CalibratedModel(reference.model(), quantized.model().model(), sites, provenance);
    }
}
