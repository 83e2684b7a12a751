package io.qvit.engine.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.MatrixCell;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layout of a sweep's tables and plots. The column axis is {@code bits} (else the last
 * axis); the row axes are the others but {@code seed}, whose cells are averaged. A cell's results
 * are its {@code results.json}, or null while it has not finished.
 */
public final class SweepGrid {
    /** The axis whose cells are averaged. */
    public static final String SEED_AXIS = "seed";

    private final List<MatrixCell> cells;
    private final Map<String, JsonNode> results;
    private final List<String> axes;
    private final List<String> rowAxes;
    private final String column;
    private final List<String> columns;
    private final List<List<String>> rows;

    /** The grid of {@code cells} (at least one) with their results by cell id (null values for unfinished cells). */
    public SweepGrid(List<MatrixCell> cells, Map<String, JsonNode> results) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a sweep has at least one cell");
        }
        this.cells = List.copyOf(cells);
        this.results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
        this.axes = List.copyOf(cells.get(0).labels().keySet());
        List<String> others = new ArrayList<>(axes);
        others.remove(SEED_AXIS);
        this.column = others.contains("bits") ? "bits" : others.isEmpty() ? null : others.get(others.size() - 1);
        List<String> r = new ArrayList<>(others);
        r.remove(column);
        this.rowAxes = List.copyOf(r);
        this.columns = column == null ? List.of("") : cells.stream().map(c -> c.labels().get(column)).distinct().toList();
        this.rows = cells.stream().map(c -> rowAxes.stream().map(a -> c.labels().get(a)).toList()).distinct().toList();
    }

    /** The cells in the order of the matrix. */
    public List<MatrixCell> cells() {
        return cells;
    }

    /** A cell's finished results, or null. */
    public JsonNode result(String id) {
        return results.get(id);
    }

    /** The axes in the file's order. */
    public List<String> axes() {
        return axes;
    }

    /** Whether the sweep has a {@code seed} axis. */
    public boolean hasSeedAxis() {
        return axes.contains(SEED_AXIS);
    }

    /** The axes that make the rows, in axis order. */
    public List<String> rowAxes() {
        return rowAxes;
    }

    /** The column axis, or null when every axis is {@code seed}. */
    public String column() {
        return column;
    }

    /** The labels of the column axis in matrix order ({@code [""]} without a column axis). */
    public List<String> columns() {
        return columns;
    }

    /** The rows: each the labels of the row axes, in matrix order. */
    public List<List<String>> rows() {
        return rows;
    }

    /** How many cells finished. */
    public long finished() {
        return cells.stream().filter(c -> results.get(c.id()) != null).count();
    }

    /** The evaluation sets of the finished cells, in the order they first appear. */
    public List<String> sets() {
        Set<String> sets = new LinkedHashSet<>();
        for (MatrixCell c : cells) {
            JsonNode r = results.get(c.id());
            if (r != null) {
                r.path("sets").fieldNames().forEachRemaining(sets::add);
            }
        }
        return List.copyOf(sets);
    }

    /** The finished cells whose labels are {@code values} on {@code axes}. */
    public List<MatrixCell> finishedAt(List<String> axes, List<String> values) {
        List<MatrixCell> out = new ArrayList<>();
        for (MatrixCell c : cells) {
            if (results.get(c.id()) != null && matches(c, axes, values)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The finished cells of a row (labels of {@link #rowAxes()}) and a column label. */
    public List<MatrixCell> finishedAt(List<String> row, String columnLabel) {
        List<String> a = new ArrayList<>(rowAxes);
        List<String> v = new ArrayList<>(row);
        if (column != null) {
            a.add(column);
            v.add(columnLabel);
        }
        return finishedAt(a, v);
    }

    private static boolean matches(MatrixCell c, List<String> axes, List<String> values) {
        for (int i = 0; i < axes.size(); i++) {
            if (!values.get(i).equals(c.labels().get(axes.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The headline result of an evaluation set: quantized if there is one, else float32. */
    public static JsonNode headline(JsonNode set) {
        JsonNode q = set.path("quantized");
        return q.isObject() ? q : set.path("fp32");
    }
}
