package io.qvit.plugins.loader.timm;

import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * What a checkpoint reader returns before the architecture is resolved: the float32 tensors under
 * their names in file order, and the file's free-form metadata (empty where the format has none).
 *
 * @param tensors tensors by name
 * @param metadata string metadata, e.g. safetensors {@code __metadata__}
 */
record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    Checkpoint {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
    }
}
