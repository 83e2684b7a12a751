package io.qvit.api.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes a calibrated model as a deployment artifact. Published as an OSGi service by exporter
 * plugins and named by its plugin id ({@code qvit export --format onnx}).
 */
@ConsumerType
public interface ModelExporter {

    /** The artifact format this exporter writes, e.g. {@code onnx}; backends declare the formats they run. */
    String format();

    /**
     * Writes the quantized and the float32 artifacts and a sidecar into {@code directory}.
     *
     * @param model the calibrated model
     * @param directory the output folder (created if needed)
     * @param options exporter options from the experiment or the command line (may be empty)
     * @return what was written
     * @throws DeploymentException when a site or the architecture cannot be exported, naming the
     *     site and its quantizer in one line
     * @throws IOException when writing fails
     */
    ExportedModel export(CalibratedModel model, Path directory, Map<String, Object> options) throws IOException;
}
