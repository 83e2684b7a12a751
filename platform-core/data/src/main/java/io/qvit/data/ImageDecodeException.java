package io.qvit.data;

import java.io.IOException;

/**
 * An image file that cannot be decoded: missing, truncated, corrupt or of an unsupported kind.
 * The message always names the file.
 */
public final class ImageDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;

    /** An error about {@code file} (a path or a dataset-relative name). */
    public ImageDecodeException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    /** An error about {@code file} without an underlying cause. */
    public ImageDecodeException(String file, String reason) {
        this(file, reason, null);
    }

    /** The file that could not be decoded, as given to the decoder. */
    public String file() {
        return file;
    }
}
