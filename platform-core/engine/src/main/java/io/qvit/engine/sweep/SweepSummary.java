package io.qvit.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qvit.engine.experiment.MatrixCell;
import io.qvit.engine.run.AtomicFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The merged report of a sweep, written into its folder: {@code summary.csv} (one line per cell
 * and evaluation set, accuracies as fractions like {@code results.json}), {@code summary.json}
 * (every cell with its state and results) and {@code summary.md}: per evaluation set one table
 * with a row per combination of the other axes and a column per value of the {@code bits} axis
 * (else the last axis), top-1 in percent. An axis named {@code seed} is not a row or column: its
 * cells are averaged, shown as mean ± sample standard deviation; a cell that repeats its own seeds
 * ({@code repeat}) shows its own mean ± std. Cells without finished results show {@code –}.
 */
public final class SweepSummary {
    /** The axis whose cells are averaged. */
    public static final String SEED_AXIS = "seed";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String name;
    private final List<MatrixCell> cells;
    private final SweepFolder folder;

    /**
     * A summary of {@code cells} as {@code folder} holds them.
     *
     * @param name the sweep's name (the file's {@code name})
     */
    public SweepSummary(String name, List<MatrixCell> cells, SweepFolder folder) {
        this.name = name;
        this.cells = List.copyOf(cells);
        this.folder = folder;
    }

    /** Writes {@code summary.csv}, {@code summary.json} and {@code summary.md}; returns the markdown. */
    public String write() throws IOException {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (MatrixCell c : cells) {
            results.put(c.id(), folder.results(c.id()));
        }
        AtomicFiles.write(folder.root().resolve("summary.csv"), csv(results));
        AtomicFiles.write(folder.root().resolve("summary.json"), json(results));
        String md = markdown(results);
        AtomicFiles.write(folder.root().resolve("summary.md"), md);
        return md;
    }

    private List<String> axes() {
        return new ArrayList<>(cells.get(0).labels().keySet());
    }

    private Set<String> sets(Map<String, JsonNode> results) {
        Set<String> sets = new LinkedHashSet<>();
        results.values().stream().filter(r -> r != null).forEach(r -> r.path("sets").fieldNames().forEachRemaining(sets::add));
        return sets;
    }

    /** The headline result of a set: quantized if there is one, else float32. */
    private static JsonNode headline(JsonNode set) {
        JsonNode q = set.path("quantized");
        return q.isObject() ? q : set.path("fp32");
    }

    private String csv(Map<String, JsonNode> results) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String a : axes()) {
            sb.append(quote(a)).append(',');
        }
        sb.append("set,images,fp32_top1,top1,top1_std,top5,top5_std,drop_top1,calibration_s,state,run_folder\n");
        for (MatrixCell c : cells) {
            JsonNode r = results.get(c.id());
            List<String> sets = new ArrayList<>();
            if (r == null) {
                sets.add("");
            } else {
                r.path("sets").fieldNames().forEachRemaining(sets::add);
            }
            for (String set : sets) {
                for (String v : c.labels().values()) {
                    sb.append(quote(v)).append(',');
                }
                sb.append(quote(set)).append(',');
                if (r == null) {
                    sb.append(",,,,,,,,");
                } else {
                    JsonNode s = r.path("sets").path(set);
                    JsonNode h = headline(s);
                    double fp = s.path("fp32").path("top1").asDouble();
                    sb.append(s.path("images").asLong()).append(',').append(num(fp)).append(',')
                            .append(num(h.path("top1").asDouble())).append(',').append(opt(h.path("top1_std"))).append(',')
                            .append(num(h.path("top5").asDouble())).append(',').append(opt(h.path("top5_std"))).append(',')
                            .append(num(fp - h.path("top1").asDouble())).append(',')
                            .append(opt(r.path("timings").path("calibration"))).append(',');
                }
                sb.append(folder.state(c.id()).name().toLowerCase(Locale.ROOT)).append(',')
                        .append(quote(folder.cell(c.id()).toAbsolutePath().toString())).append('\n');
            }
        }
        return sb.toString();
    }

    private String json(Map<String, JsonNode> results) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", name);
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String a : axes()) {
            axes.put(a, cells.stream().map(c -> c.labels().get(a)).distinct().toList());
        }
        doc.put("axes", axes);
        List<Map<String, Object>> list = new ArrayList<>();
        for (MatrixCell c : cells) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("labels", c.labels());
            m.put("state", folder.state(c.id()).name().toLowerCase(Locale.ROOT));
            m.put("run_folder", folder.cell(c.id()).toAbsolutePath().toString());
            JsonNode r = results.get(c.id());
            m.put("config_hash", r == null ? null : r.path("config_hash").asText());
            m.put("sets", r == null ? null : r.path("sets"));
            list.add(m);
        }
        doc.put("cells", list);
        return JSON.writeValueAsString(doc);
    }

    private String markdown(Map<String, JsonNode> results) {
        List<String> axes = axes();
        List<String> others = new ArrayList<>(axes);
        others.remove(SEED_AXIS);
        String column = others.contains("bits") ? "bits" : others.isEmpty() ? null : others.get(others.size() - 1);
        List<String> rowAxes = new ArrayList<>(others);
        rowAxes.remove(column);
        List<String> columns = column == null ? List.of("") : cells.stream().map(c -> c.labels().get(column)).distinct().toList();
        List<List<String>> rows = cells.stream().map(c -> rowAxes.stream().map(a -> c.labels().get(a)).toList()).distinct().toList();
        StringBuilder sb = new StringBuilder("# " + name + "\n\n");
        long done = results.values().stream().filter(r -> r != null).count();
        sb.append(String.format(Locale.ROOT, "%d of %d cells finished. Top-1 (%%)%s.%n", done, cells.size(),
                axes.contains(SEED_AXIS) ? ", mean ± std over the seed axis" : ""));
        for (String set : sets(results)) {
            sb.append("\n## ").append(set).append("\n\n|");
            rowAxes.forEach(a -> sb.append(' ').append(a).append(" |"));
            sb.append(" float32 |");
            columns.forEach(v -> sb.append(' ').append(column == null ? "top-1" : column + " " + v).append(" |"));
            sb.append("\n|");
            rowAxes.forEach(a -> sb.append("---|"));
            sb.append("---:|");
            columns.forEach(v -> sb.append("---:|"));
            sb.append('\n');
            for (List<String> row : rows) {
                sb.append('|');
                row.forEach(v -> sb.append(' ').append(v).append(" |"));
                List<JsonNode> inRow = new ArrayList<>();
                for (MatrixCell c : cells) {
                    if (matches(c, rowAxes, row) && results.get(c.id()) != null) {
                        inRow.add(results.get(c.id()).path("sets").path(set));
                    }
                }
                sb.append(' ').append(inRow.isEmpty() ? "–" : pct(inRow.get(0).path("fp32").path("top1").asDouble())).append(" |");
                for (String v : columns) {
                    List<JsonNode> vals = new ArrayList<>();
                    for (MatrixCell c : cells) {
                        if (matches(c, rowAxes, row) && (column == null || v.equals(c.labels().get(column)))
                                && results.get(c.id()) != null && results.get(c.id()).path("sets").has(set)) {
                            vals.add(headline(results.get(c.id()).path("sets").path(set)));
                        }
                    }
                    sb.append(' ').append(cellText(vals)).append(" |");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static boolean matches(MatrixCell c, List<String> axes, List<String> values) {
        for (int i = 0; i < axes.size(); i++) {
            if (!values.get(i).equals(c.labels().get(axes.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** Mean ± sample std over the values; one value shows its own repeat std when it has one. */
    static String cellText(List<JsonNode> vals) {
        if (vals.isEmpty()) {
            return "–";
        }
        if (vals.size() == 1) {
            JsonNode v = vals.get(0);
            return pct(v.path("top1").asDouble())
                    + (v.has("top1_std") ? " ± " + pct(v.path("top1_std").asDouble()) : "");
        }
        double mean = vals.stream().mapToDouble(v -> v.path("top1").asDouble()).average().orElseThrow();
        double ss = vals.stream().mapToDouble(v -> Math.pow(v.path("top1").asDouble() - mean, 2)).sum();
        return pct(mean) + " ± " + pct(Math.sqrt(ss / (vals.size() - 1)));
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static String opt(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.6g", v.asDouble()) : "";
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
