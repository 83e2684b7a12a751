package io.qvit.launcher.internal.runindex;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Retries a SQLite step that fails with SQLITE_BUSY, after a growing pause: two processes opening
 * a new runs index at once can meet BUSY while one switches the file to WAL, a step the busy
 * timeout does not always cover.
 */
final class BusyRetry {
    private BusyRetry() {
    }

    /** A step that talks to SQLite. */
    interface SqlCall<T> {
        T call() throws SQLException;
    }

    /**
     * Runs {@code call}, again after a growing pause while it fails with SQLITE_BUSY, at most
     * {@code attempts} times; any other error, or BUSY on the last attempt, is an error naming {@code file}.
     */
    static <T> T run(Path file, SqlCall<T> call, int attempts) throws RunsIndexException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (SQLException e) {
                if (!busy(e) || attempt >= attempts) {
                    throw new RunsIndexException(file + ": cannot open the runs index: " + e.getMessage(), e);
                }
                pause(attempt);
            }
        }
    }

    /** SQLITE_BUSY, primary or extended code. */
    private static boolean busy(SQLException e) {
        return (e.getErrorCode() & 0xff) == 5;
    }

    private static void pause(int attempt) throws RunsIndexException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunsIndexException("interrupted while opening the runs index", e);
        }
    }
}
