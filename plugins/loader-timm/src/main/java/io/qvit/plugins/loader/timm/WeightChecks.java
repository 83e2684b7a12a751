package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Checks that keep a bad checkpoint from evaluating as a plausible model: every value must be
 * finite (a NaN or an infinity makes every logit NaN, which no accuracy may count as correct), and
 * 8-bit integer tensors are refused for weights (read as raw floats they would silently give 0%
 * top-1), while the integer index buffers timm saves stay allowed.
 */
final class WeightChecks {
    /** The last name components of timm's integer buffers, which may have any integer dtype. */
    static final Set<String> INTEGER_BUFFERS = Set.of("relative_position_index", "num_batches_tracked");

    private static final Set<String> INT8_DTYPES = Set.of("I8", "U8");

    private WeightChecks() {
    }

    /**
     * Refuses a tensor of dtype I8/U8 unless it is an integer buffer.
     *
     * @throws ModelFormatException naming the file, the tensor and the dtype
     */
    static void checkDtype(Path file, String name, String dtype) throws ModelFormatException {
        if (INT8_DTYPES.contains(dtype) && !INTEGER_BUFFERS.contains(name.substring(name.lastIndexOf('.') + 1))) {
            throw new ModelFormatException(file, "tensor '" + name + "' has dtype " + dtype + ", an 8-bit integer "
                    + "type: float weights are read from F32, F16, BF16 or F64 only (a quantized checkpoint "
                    + "cannot be loaded as a float model)");
        }
    }

    /**
     * Refuses the first tensor holding a NaN or an infinity.
     *
     * @throws ModelFormatException naming the file, the tensor, the element and its value
     */
    static void checkFinite(Path file, Map<String, Tensor> tensors) throws ModelFormatException {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            float[] v = e.getValue().data();
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw new ModelFormatException(file, "tensor '" + e.getKey() + "' holds " + v[i] + " at element "
                            + i + ": weights must be finite");
                }
            }
        }
    }
}
