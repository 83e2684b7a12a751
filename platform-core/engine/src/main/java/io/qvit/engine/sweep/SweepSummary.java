package io.qvit.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qvit.engine.experiment.MatrixCell;
import io.qvit.engine.run.AtomicFiles;
import io.qvit.engine.sweep.report.SummaryTable;
import io.qvit.engine.sweep.report.SweepGrid;
import io.qvit.engine.sweep.report.SweepReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The merged report of a sweep, written into its folder: {@code summary.csv} (one line per cell
 * and evaluation set, accuracies as fractions like {@code results.json}), {@code summary.json}
 * (every cell with its state and results) and {@code summary.md}: per evaluation set one table
 * with a row per combination of the other axes and a column per value of the {@code bits} axis
 * (else the last axis), top-1 in percent. An axis named {@code seed} is not a row or column: its
 * cells are averaged, shown as mean ± sample standard deviation; a cell that repeats its own seeds
 * ({@code repeat}) shows its own mean ± std. Cells without finished results show {@code –}.
 * {@code report.html} and {@code plots/} are written by {@link SweepReport}.
 */
public final class SweepSummary {
    /** The axis whose cells are averaged. */
    public static final String SEED_AXIS = SweepGrid.SEED_AXIS;
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

    /**
     * Writes {@code summary.csv}, {@code summary.json}, {@code summary.md} and {@code report.html}
     * with its {@code plots/}; returns the markdown.
     */
    public String write() throws IOException {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
        for (MatrixCell c : cells) {
            results.put(c.id(), folder.results(c.id()));
            states.put(c.id(), folder.state(c.id()).name().toLowerCase(Locale.ROOT));
        }
        AtomicFiles.write(folder.root().resolve("summary.csv"), csv(results, states));
        AtomicFiles.write(folder.root().resolve("summary.json"), json(results, states));
        SweepGrid grid = new SweepGrid(cells, results);
        String md = markdown(grid);
        AtomicFiles.write(folder.root().resolve("summary.md"), md);
        new SweepReport(name, grid, states).write(folder.root());
        return md;
    }

    private List<String> axes() {
        return new ArrayList<>(cells.get(0).labels().keySet());
    }

    private String csv(Map<String, JsonNode> results, Map<String, String> states) {
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
                    JsonNode h = SweepGrid.headline(s);
                    double fp = s.path("fp32").path("top1").asDouble();
                    sb.append(s.path("images").asLong()).append(',').append(num(fp)).append(',')
                            .append(num(h.path("top1").asDouble())).append(',').append(opt(h.path("top1_std"))).append(',')
                            .append(num(h.path("top5").asDouble())).append(',').append(opt(h.path("top5_std"))).append(',')
                            .append(num(fp - h.path("top1").asDouble())).append(',')
                            .append(opt(r.path("timings").path("calibration"))).append(',');
                }
                sb.append(states.get(c.id())).append(',')
                        .append(quote(folder.cell(c.id()).toAbsolutePath().toString())).append('\n');
            }
        }
        return sb.toString();
    }

    private String json(Map<String, JsonNode> results, Map<String, String> states) throws IOException {
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
            m.put("state", states.get(c.id()));
            m.put("run_folder", folder.cell(c.id()).toAbsolutePath().toString());
            JsonNode r = results.get(c.id());
            m.put("config_hash", r == null ? null : r.path("config_hash").asText());
            m.put("sets", r == null ? null : r.path("sets"));
            list.add(m);
        }
        doc.put("cells", list);
        return JSON.writeValueAsString(doc);
    }

    private String markdown(SweepGrid grid) {
        StringBuilder sb = new StringBuilder("# " + name + "\n\n");
        sb.append(String.format(Locale.ROOT, "%d of %d cells finished. Top-1 (%%)%s.%n", grid.finished(), cells.size(),
                grid.hasSeedAxis() ? ", mean ± std over the seed axis" : ""));
        for (SummaryTable t : SummaryTable.of(grid)) {
            sb.append("\n## ").append(t.set()).append("\n\n").append(t.markdown());
        }
        return sb.toString();
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
