package io.qvit.engine.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.MatrixCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One table of a sweep's report, for one evaluation set: a row per combination of the row axes,
 * a {@code float32} column and a column per value of the column axis; top-1 in percent, mean ±
 * std over a {@code seed} axis or a cell's own {@code repeat}, {@code –} where no cell finished.
 * {@code summary.md} and {@code report.html} show the same cells.
 *
 * @param set the evaluation set
 * @param header the column headings
 * @param labelColumns how many leading columns are labels (the row axes)
 * @param rows the cells' texts, row by row
 */
public record SummaryTable(String set, List<String> header, int labelColumns, List<List<String>> rows) {
    /** What a cell shows without a finished result. */
    public static final String MISSING = "–";

    /** Copies the lists. */
    public SummaryTable {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The tables of a grid, one per evaluation set. */
    public static List<SummaryTable> of(SweepGrid grid) {
        List<SummaryTable> tables = new ArrayList<>();
        for (String set : grid.sets()) {
            List<String> header = new ArrayList<>(grid.rowAxes());
            header.add("float32");
            for (String v : grid.columns()) {
                header.add(grid.column() == null ? "top-1" : grid.column() + " " + v);
            }
            List<List<String>> rows = new ArrayList<>();
            for (List<String> row : grid.rows()) {
                List<String> cells = new ArrayList<>(row);
                String fp32 = MISSING;
                for (MatrixCell c : grid.finishedAt(grid.rowAxes(), row)) {
                    JsonNode s = grid.result(c.id()).path("sets").path(set);
                    if (s.isObject()) {
                        fp32 = pct(s.path("fp32").path("top1").asDouble());
                        break;
                    }
                }
                cells.add(fp32);
                for (String v : grid.columns()) {
                    List<JsonNode> vals = new ArrayList<>();
                    for (MatrixCell c : grid.finishedAt(row, v)) {
                        JsonNode s = grid.result(c.id()).path("sets").path(set);
                        if (s.isObject()) {
                            vals.add(SweepGrid.headline(s));
                        }
                    }
                    cells.add(text(vals));
                }
                rows.add(cells);
            }
            tables.add(new SummaryTable(set, header, grid.rowAxes().size(), rows));
        }
        return tables;
    }

    /** Top-1 of headline results as percent, mean ± std (see {@link Stat#of}); {@code –} without any. */
    static String text(List<JsonNode> headlines) {
        Stat s = Stat.of(headlines.stream().map(h -> h.path("top1").asDouble()).toList(),
                headlines.size() == 1 && headlines.get(0).has("top1_std") ? headlines.get(0).path("top1_std").asDouble() : null);
        if (s == null) {
            return MISSING;
        }
        return pct(s.mean()) + (s.hasStd() ? " ± " + pct(s.std()) : "");
    }

    /** The table in markdown: label columns left-aligned, numbers right-aligned. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("|");
        header.forEach(h -> sb.append(' ').append(h).append(" |"));
        sb.append("\n|");
        for (int i = 0; i < header.size(); i++) {
            sb.append(i < labelColumns ? "---|" : "---:|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append('|');
            row.forEach(v -> sb.append(' ').append(v).append(" |"));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }
}
