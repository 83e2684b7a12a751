package io.qvit.engine.run;

import java.io.IOException;

/**
 * A run folder that cannot be used for this run: another run holds its lock, it holds another
 * experiment's results (without {@code --force}), or it is a file. The message is one line naming
 * the folder; the command line reports it as bad input (exit 2).
 */
public final class RunFolderException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with its one-line message. */
    public RunFolderException(String message) {
        super(message);
    }
}
