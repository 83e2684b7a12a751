package io.qvit.api.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read as a model: truncated, inconsistent header, unknown dtype,
 * a pickle that references a global outside the allowed set, a tensor with the wrong shape. The
 * message always names the file and, where there is one, the tensor or key.
 */
public class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; {@code detail} says what is wrong and where. */
    public ModelFormatException(Path file, String detail) {
        super(file + ": " + detail);
    }

    /** Creates the exception with its cause. */
    public ModelFormatException(Path file, String detail, Throwable cause) {
        super(file + ": " + detail, cause);
    }
}
