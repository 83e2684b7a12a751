package io.qvit.engine.experiment;

import java.nio.file.Path;

/**
 * A validated experiment: the typed spec plus the located tree it came from, so that later checks
 * (plugin ids, referenced files) can still point at a line of the file.
 *
 * @param path the experiment file
 * @param spec the typed content
 * @param tree the interpolated YAML tree with source positions
 */
public record ExperimentFile(Path path, ExperimentSpec spec, LocatedTree tree) {

    /** Resolves a path written in the file: absolute as is, relative against the file's folder. */
    public Path resolve(String value) {
        Path p = Path.of(value);
        if (p.isAbsolute()) {
            return p;
        }
        Path dir = path.toAbsolutePath().getParent();
        return dir == null ? p.toAbsolutePath() : dir.resolve(p).normalize();
    }

    /** An error located at a key of this file. */
    public ExperimentException error(String keyPath, String problem) {
        return tree.error(keyPath, problem);
    }
}
