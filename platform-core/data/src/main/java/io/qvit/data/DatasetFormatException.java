package io.qvit.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A dataset description file (labels.txt, a list file, synsets.tsv, an IDX file) that is malformed
 * or refers to something that does not exist. The message names the file and, for text files, the
 * 1-based line: {@code path:line: what is wrong}.
 */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /** An error at {@code line} (1-based) of {@code file}; a line of 0 or less means the whole file. */
    public DatasetFormatException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** An error about the whole of {@code file}. */
    public DatasetFormatException(Path file, String message) {
        this(file, 0, message);
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** The 1-based line, or 0 when the error is not about one line. */
    public int line() {
        return line;
    }
}
