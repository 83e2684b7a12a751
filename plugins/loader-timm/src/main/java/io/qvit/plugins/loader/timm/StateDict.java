package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normalises the tensor names of a checkpoint to timm's: strips the {@code module.} prefix that
 * {@code DataParallel}/{@code DistributedDataParallel} training adds. Keeps checkpoint order.
 */
final class StateDict {
    /** The prefix torch's data-parallel wrappers put before every parameter name. */
    static final String DATA_PARALLEL_PREFIX = "module.";

    private StateDict() {
    }

    /**
     * Returns {@code tensors} with {@code module.} stripped from every name that has it.
     *
     * @throws ModelFormatException naming the file and the key if stripping makes two names equal
     */
    static Map<String, Tensor> normalize(Path file, Map<String, Tensor> tensors) throws ModelFormatException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String key = e.getKey();
            String name = key.startsWith(DATA_PARALLEL_PREFIX) ? key.substring(DATA_PARALLEL_PREFIX.length()) : key;
            if (out.put(name, e.getValue()) != null) {
                throw new ModelFormatException(file, "tensor '" + key + "' collides with '" + name
                        + "' once the '" + DATA_PARALLEL_PREFIX + "' prefix is stripped");
            }
        }
        return out;
    }
}
