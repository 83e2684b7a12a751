package io.qvit.api.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs deployment artifacts. Published as an OSGi service by backend plugins and named by its
 * plugin id (experiment key {@code deploy.backend}, {@code qvit bench --backend}).
 */
@ConsumerType
public interface InferenceBackend {

    /** The artifact formats this backend runs, e.g. {@code onnx}. */
    Set<String> formats();

    /**
     * Loads an artifact for inference.
     *
     * @param artifact the file an exporter wrote
     * @param options thread count and backend options
     * @return an open session; the caller closes it
     * @throws DeploymentException when the backend refuses the artifact, naming the file
     * @throws IOException when the file cannot be read
     */
    InferenceSession open(Path artifact, BackendOptions options) throws IOException;
}
