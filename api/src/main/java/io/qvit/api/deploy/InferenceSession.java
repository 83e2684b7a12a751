package io.qvit.api.deploy;

import io.qvit.api.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/** One loaded artifact, ready to run batches. Not thread-safe unless the backend says so. */
@ConsumerType
public interface InferenceSession extends AutoCloseable {

    /**
     * Logits {@code [B, classes]} for preprocessed images {@code [B, C, H, W]} (the model's own
     * preprocessing, as the platform's runtime takes them).
     *
     * @throws DeploymentException when the backend fails, with its message
     */
    Tensor run(Tensor images);

    /** One line for reports: backend, version, options that matter (threads, optimization level). */
    String description();

    /** Releases the backend's resources. */
    @Override
    void close();
}
