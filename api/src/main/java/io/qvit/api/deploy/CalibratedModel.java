package io.qvit.api.deploy;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A calibrated model as the platform hands it to a {@link ModelExporter}: the float model it was
 * calibrated from, the same model with its quantized weights on their grids, and every quantized
 * site with its fitted parameters. With no sites it is a float32 model.
 *
 * @param floatModel the float32 model after the reparameterizations (the quantized model's reference)
 * @param quantizedModel the same architecture and keys with every quantized weight on its grid
 *     (fake-quantized values); equal to {@code floatModel} for a float32 model
 * @param sites every quantized site, weights and activations, in execution order
 * @param provenance free-form facts for the artifact's sidecar (experiment, config hash, plugin versions)
 */
public record CalibratedModel(VisionModel floatModel, VisionModel quantizedModel, List<DeploySite> sites,
                              Map<String, String> provenance) {

    /** Validates and copies. */
    public CalibratedModel {
        Objects.requireNonNull(floatModel, "floatModel");
        Objects.requireNonNull(quantizedModel, "quantizedModel");
        if (!floatModel.config().equals(quantizedModel.config())) {
            throw new IllegalArgumentException("float and quantized models have different architectures");
        }
        sites = List.copyOf(sites);
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** A float32 model: no quantized site. */
    public static CalibratedModel float32(VisionModel model, Map<String, String> provenance) {
        return new CalibratedModel(model, model, List.of(), provenance);
    }

    /** The quantized site {@code site}, if it is quantized. */
    public Optional<DeploySite> site(QuantSite site) {
        return sites.stream().filter(s -> s.site().equals(site)).findFirst();
    }
}
