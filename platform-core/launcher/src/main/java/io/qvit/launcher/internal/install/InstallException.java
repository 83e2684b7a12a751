package io.qvit.launcher.internal.install;

/** {@code qvit plugins install/check/remove} cannot proceed; the message names the file, index or plugin and why. */
public final class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A refusal with a one-line {@code message}. */
    public InstallException(String message) {
        super(message);
    }

    /** A refusal with a one-line {@code message} caused by {@code cause}. */
    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
