package io.qvit.launcher.internal.bundle;

import java.nio.file.Path;

/** A file in a plugin folder (or given to {@code qvit plugins install/check}) that is not a usable plugin bundle. */
public final class InvalidPluginJarException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final String reason;

    /** {@code file} is unusable because of {@code reason} (one line, without the file name). */
    public InvalidPluginJarException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** Why the file is unusable, without the file name. */
    public String reason() {
        return reason;
    }
}
