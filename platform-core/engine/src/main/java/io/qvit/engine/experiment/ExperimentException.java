package io.qvit.engine.experiment;

import java.nio.file.Path;

/**
 * An experiment file that cannot be used, with the place of the problem: the file, the line and
 * column (1-based, 0 when unknown) and the key path (e.g. {@code quantization.weights.bits}).
 * {@link #getMessage()} renders it as one line, {@code FILE:LINE:COL: KEY: what is wrong}.
 */
public final class ExperimentException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final int column;
    private final String keyPath;
    private final String problem;

    /** Creates the exception for a problem at a known place. */
    public ExperimentException(Path file, int line, int column, String keyPath, String problem) {
        super(render(file, line, column, keyPath, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.keyPath = keyPath;
        this.problem = problem;
    }

    private static String render(Path file, int line, int column, String keyPath, String problem) {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        sb.append(": ");
        if (keyPath != null && !keyPath.isEmpty()) {
            sb.append(keyPath).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The experiment file. */
    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** Dotted key path of the offending value, or empty for the whole file. */
    public String keyPath() {
        return keyPath;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
