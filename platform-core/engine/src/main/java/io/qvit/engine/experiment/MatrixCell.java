package io.qvit.engine.experiment;

import java.util.Map;

/**
 * One cell of a matrix experiment (see docs/sweeps.md): an experiment of its own, named
 * {@code <name>.<id>}.
 *
 * @param id the cell id, the labels of its axis values joined by {@code _}; null for a file without a matrix
 * @param labels axis name to the label of the cell's value, in axis order
 * @param file the cell's validated experiment
 */
public record MatrixCell(String id, Map<String, String> labels, ExperimentFile file) {
    /** Copies the labels. */
    public MatrixCell {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
