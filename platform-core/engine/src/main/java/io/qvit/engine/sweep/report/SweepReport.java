package io.qvit.engine.sweep.report;

import io.qvit.engine.experiment.MatrixCell;
import io.qvit.engine.run.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a sweep's {@code report.html} (the tables of {@code summary.md}, the plots of
 * {@link SweepPlots} inlined as SVG, and the cells with their state) and {@code plots/<name>.svg}
 * and {@code .png} into the sweep folder. Plot files of earlier reports that this one no longer
 * draws are removed.
 */
public final class SweepReport {
    /** The report's file name in the sweep folder. */
    public static final String FILE = "report.html";
    /** The plots' folder in the sweep folder. */
    public static final String PLOTS = "plots";

    private final String name;
    private final SweepGrid grid;
    private final Map<String, String> states;

    /**
     * The report of a sweep.
     *
     * @param name the sweep's name
     * @param grid its cells and their results
     * @param states each cell's state by cell id, as {@code qvit sweep --status} names it
     */
    public SweepReport(String name, SweepGrid grid, Map<String, String> states) {
        this.name = name;
        this.grid = grid;
        this.states = Map.copyOf(states);
    }

    /** Writes {@code report.html} and {@code plots/} into {@code root}; returns the HTML. */
    public String write(Path root) throws IOException {
        Path plotDir = root.resolve(PLOTS);
        HtmlReport html = new HtmlReport(name + " – sweep report");
        html.paragraph(String.format(Locale.ROOT, "%d of %d cells finished. Top-1 (%%)%s.", grid.finished(), grid.cells().size(),
                grid.hasSeedAxis() ? ", mean ± std over the seed axis" : ""));
        for (SummaryTable t : SummaryTable.of(grid)) {
            html.heading("Top-1 on " + t.set());
            html.table(t.header(), t.labelColumns(), t.rows());
        }
        Set<String> written = new HashSet<>();
        try {
            List<Plot> plots = SweepPlots.of(grid);
            if (!plots.isEmpty()) {
                html.heading("Plots");
            }
            for (Plot p : plots) {
                html.figure(p.name(), p.writeTo(plotDir), p.title() + " (plots/" + p.name() + ".svg, .png)");
                written.add(p.name() + ".svg");
                written.add(p.name() + ".png");
            }
        } catch (RuntimeException | Error e) { // Java2D without fonts throws java.lang.Error ("No fonts found")
            if (e instanceof VirtualMachineError vm) {
                throw vm;
            }
            html.heading("Plots");
            html.paragraph("The plots could not be drawn on this machine (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); Java2D needs a font, e.g. the Debian package fonts-dejavu-core. The tables"
                    + " above and summary.csv are complete.");
        }
        removeStale(plotDir, written);
        html.heading("Cells");
        List<String> header = new ArrayList<>(List.of("cell"));
        header.addAll(grid.axes());
        header.addAll(List.of("state", "run folder"));
        List<List<String>> rows = new ArrayList<>();
        for (MatrixCell c : grid.cells()) {
            List<String> row = new ArrayList<>(List.of(c.id()));
            row.addAll(c.labels().values());
            row.add(states.getOrDefault(c.id(), ""));
            row.add("cells/" + c.id());
            rows.add(row);
        }
        html.table(header, header.size(), rows);
        String page = html.render();
        AtomicFiles.write(root.resolve(FILE), page);
        return page;
    }

    private static void removeStale(Path plotDir, Set<String> keep) throws IOException {
        if (!Files.isDirectory(plotDir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(plotDir, "*.{svg,png}")) {
            for (Path f : files) {
                if (!keep.contains(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
    }
}
