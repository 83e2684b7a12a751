package io.qvit.launcher.internal.runindex;

/** A runs index problem (unreadable run folder, bad where clause, unknown run): one line for the user. */
public final class RunsIndexException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An exception with its one-line message. */
    public RunsIndexException(String message) {
        super(message);
    }

    /** An exception with its one-line message and cause. */
    public RunsIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
