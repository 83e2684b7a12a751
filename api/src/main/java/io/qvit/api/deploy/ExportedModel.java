package io.qvit.api.deploy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link ModelExporter} wrote.
 *
 * @param format the artifact format, e.g. {@code onnx}
 * @param quantized the quantized model's artifact
 * @param float32 the float32 model's artifact
 * @param sidecar a JSON file with the site map and the provenance
 * @param siteForms how each quantized site was exported, by site id (e.g. {@code qdq-uint8},
 *     {@code float-exact}); for reports
 */
public record ExportedModel(String format, Path quantized, Path float32, Path sidecar, Map<String, String> siteForms) {

    /** Validates and copies. */
    public ExportedModel {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(quantized, "quantized");
        Objects.requireNonNull(float32, "float32");
        Objects.requireNonNull(sidecar, "sidecar");
        siteForms = Collections.unmodifiableMap(new LinkedHashMap<>(siteForms));
    }
}
