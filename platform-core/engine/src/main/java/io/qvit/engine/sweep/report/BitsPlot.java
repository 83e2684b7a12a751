package io.qvit.engine.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.MatrixCell;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * The accuracy-vs-average-bits plot of a sweep with mixed precision: per evaluation set (and per
 * {@code model} when the sweep has that axis), top-1 against the run's element-weighted average
 * bits ({@code results.average_bits.all}), a line per bit allocator and the options the file gave
 * it ({@code allocation.allocator}, {@code allocation.options}: greedy-mp with
 * {@code sensitivity: raw} is its own line) and one for the runs at fixed widths, points in order of
 * bits. Drawn when at least one finished cell ran an allocator.
 */
final class BitsPlot {
    /** The axis that splits the plot, when the sweep has it. */
    static final String GROUP_AXIS = "model";
    /** The line of runs without a bit allocator. */
    static final String FIXED = "fixed widths";

    private BitsPlot() {
    }

    static List<Plot> of(SweepGrid grid, String set) {
        boolean anyAllocated = grid.cells().stream().map(c -> grid.result(c.id()))
                .anyMatch(r -> r != null && r.path("allocation").isObject());
        if (!anyAllocated) {
            return List.of();
        }
        boolean grouped = grid.axes().contains(GROUP_AXIS);
        List<String> groups = grouped ? grid.cells().stream().map(c -> c.labels().get(GROUP_AXIS)).distinct().toList()
                : List.of("");
        List<Plot> plots = new ArrayList<>();
        for (String group : groups) {
            Map<String, List<double[]>> lines = new LinkedHashMap<>();
            lines.put(FIXED, new ArrayList<>());
            for (MatrixCell c : grid.cells()) {
                JsonNode r = grid.result(c.id());
                if (r == null || (grouped && !group.equals(c.labels().get(GROUP_AXIS)))) {
                    continue;
                }
                JsonNode bits = r.path("average_bits").path("all");
                JsonNode s = r.path("sets").path(set);
                if (!bits.isNumber() || !s.path("quantized").isObject()) {
                    continue;
                }
                String line = r.path("allocation").isObject() ? line(r.path("allocation")) : FIXED;
                lines.computeIfAbsent(line, k -> new ArrayList<>())
                        .add(new double[] {bits.asDouble(), 100 * SweepGrid.headline(s).path("top1").asDouble()});
            }
            XYChart chart = new XYChartBuilder().width(720).height(420)
                    .title("Top-1 vs average bits (" + set + ")" + (group.isEmpty() ? "" : " – " + group))
                    .xAxisTitle("average bits (element-weighted)").yAxisTitle("top-1 (%)").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setYAxisDecimalPattern("#0.##");
            chart.getStyler().setXAxisDecimalPattern("#0.##");
            lines.forEach((name, points) -> {
                if (!points.isEmpty()) {
                    points.sort(Comparator.comparingDouble(p -> p[0]));
                    XYSeries series = chart.addSeries(name, points.stream().map(p -> p[0]).toList(),
                            points.stream().map(p -> p[1]).toList());
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                }
            });
            if (!chart.getSeriesMap().isEmpty()) {
                plots.add(new Plot(SweepPlots.fileName("bits-" + set + (group.isEmpty() ? "" : "-" + group)),
                        chart.getTitle(), chart));
            }
        }
        return plots;
    }

    /** The line of an allocated run: the allocator's id, and the options the file gave it, if any. */
    static String line(JsonNode allocation) {
        String id = allocation.path("allocator").asText().split(" ")[0];
        List<String> options = new ArrayList<>();
        allocation.path("options").fields().forEachRemaining(e -> options.add(e.getKey() + ": "
                + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
        return options.isEmpty() ? id : id + " (" + String.join(", ", options) + ")";
    }
}
