package io.qvit.engine.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.MatrixCell;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

/**
 * The plots of a sweep's report, drawn with XChart: per evaluation set, top-1 against the column
 * axis ({@code bits}) with a line per method (else per the last row axis) and one plot per
 * combination of the other row axes, with float32 as a reference line; the top-1 drop against
 * float32 of every row; the calibration time ({@code timings.calibration}) of every row; and the
 * per-site SQNR ({@code sites[].sqnrDb}, {@code localSqnrDb}) of the first finished cell that has
 * sites; with mixed precision, top-1 against the average bits per allocator ({@link BitsPlot}). Error
 * bars are the std of {@link Stat} (over a {@code seed} axis or a cell's {@code repeat}).
 */
public final class SweepPlots {
    /** The row axis whose values become the lines of the top-1 plots when the sweep has it. */
    public static final String SERIES_AXIS = "method";

    private static final int WIDTH = 720;
    private static final int HEIGHT = 420;

    private SweepPlots() {
    }

    /** Every plot of the grid, in report order (plots without any data are left out). */
    public static List<Plot> of(SweepGrid grid) {
        List<Plot> plots = new ArrayList<>();
        for (String set : grid.sets()) {
            plots.addAll(top1(grid, set));
        }
        for (String set : grid.sets()) {
            plots.addAll(BitsPlot.of(grid, set));
        }
        for (String set : grid.sets()) {
            Plot p = perRow(grid, "drop-" + set, "Top-1 drop vs float32 (" + set + ")", "drop (points)", drop(set));
            if (p != null) {
                plots.add(p);
            }
        }
        Plot time = perRow(grid, "calibration-time", "Calibration time", "seconds",
                r -> r.path("timings").path("calibration").isNumber() ? r.path("timings").path("calibration").asDouble() : null);
        if (time != null) {
            plots.add(time);
        }
        Plot sqnr = sqnr(grid);
        if (sqnr != null) {
            plots.add(sqnr);
        }
        return plots;
    }

    /** Top-1 (%) of a set in a cell's results, or null. */
    private static Function<JsonNode, Double> top1(String set) {
        return r -> r.path("sets").path(set).isObject()
                ? 100 * SweepGrid.headline(r.path("sets").path(set)).path("top1").asDouble() : null;
    }

    /** Float32 top-1 minus quantized top-1 (points) of a set, or null when the cell has no quantized result. */
    private static Function<JsonNode, Double> drop(String set) {
        return r -> {
            JsonNode s = r.path("sets").path(set);
            return s.path("quantized").isObject()
                    ? 100 * (s.path("fp32").path("top1").asDouble() - s.path("quantized").path("top1").asDouble()) : null;
        };
    }

    /** A cell's own top-1 std (%) in a set (its {@code repeat}), or null. */
    private static Function<JsonNode, Double> ownStd(String set) {
        return r -> {
            JsonNode h = SweepGrid.headline(r.path("sets").path(set));
            return h.path("top1_std").isNumber() ? 100 * h.path("top1_std").asDouble() : null;
        };
    }

    private static List<Plot> top1(SweepGrid grid, String set) {
        String series = grid.rowAxes().contains(SERIES_AXIS) ? SERIES_AXIS
                : grid.rowAxes().isEmpty() ? null : grid.rowAxes().get(grid.rowAxes().size() - 1);
        List<String> groupAxes = new ArrayList<>(grid.rowAxes());
        groupAxes.remove(series);
        List<List<String>> groups = grid.cells().stream().map(c -> labels(c, groupAxes)).distinct().toList();
        List<Plot> plots = new ArrayList<>();
        for (List<String> group : groups) {
            String suffix = group.isEmpty() ? "" : " – " + String.join(", ", group);
            CategoryChart chart = chart("Top-1 vs " + columnTitle(grid) + " (" + set + ")" + suffix, columnTitle(grid), "top-1 (%)");
            chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
            chart.getStyler().setOverlapped(true); // every line's point of a bit-width at the same x
            List<String> seriesValues = series == null ? List.of("top-1")
                    : grid.finishedAt(groupAxes, group).stream().map(c -> c.labels().get(series)).distinct().toList();
            boolean quantized = false;
            for (String v : seriesValues) {
                List<String> axes = new ArrayList<>(groupAxes);
                List<String> values = new ArrayList<>(group);
                if (series != null) {
                    axes.add(series);
                    values.add(v);
                }
                quantized |= add(chart, v, grid, axes, values, top1(set), ownStd(set));
                quantized |= grid.finishedAt(axes, values).stream()
                        .anyMatch(c -> grid.result(c.id()).path("sets").path(set).path("quantized").isObject());
            }
            if (chart.getSeriesMap().isEmpty()) {
                continue;
            }
            if (quantized) {
                List<Double> fp32 = grid.finishedAt(groupAxes, group).stream()
                        .map(c -> grid.result(c.id()).path("sets").path(set))
                        .filter(JsonNode::isObject).map(s -> 100 * s.path("fp32").path("top1").asDouble()).toList();
                if (!fp32.isEmpty()) {
                    double mean = fp32.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                    CategorySeries ref = chart.addSeries("float32", grid.columns(),
                            grid.columns().stream().map(c -> (Number) mean).toList());
                    ref.setLineColor(Color.GRAY);
                    ref.setMarkerColor(Color.GRAY);
                }
            }
            chart.getStyler().setYAxisMin(0.0);
            plots.add(new Plot(fileName("top1-" + set + (group.isEmpty() ? "" : "-" + String.join("-", group))),
                    chart.getTitle(), chart));
        }
        return plots;
    }

    /** A bar plot with a bar per column label and a series per row, or null without any value. */
    private static Plot perRow(SweepGrid grid, String name, String title, String yTitle, Function<JsonNode, Double> value) {
        CategoryChart chart = chart(title + (grid.rowAxes().isEmpty() ? "" : " per " + String.join(" / ", grid.rowAxes())),
                columnTitle(grid), yTitle);
        for (List<String> row : grid.rows()) {
            add(chart, row.isEmpty() ? yTitle : String.join(" / ", row), grid, grid.rowAxes(), row, value, r -> null);
        }
        return chart.getSeriesMap().isEmpty() ? null : new Plot(fileName(name), chart.getTitle(), chart);
    }

    /**
     * Adds a series with a value per column label: the {@link Stat} of {@code value} over the
     * finished cells with {@code values} on {@code axes}; returns whether it had any value.
     */
    private static boolean add(CategoryChart chart, String seriesName, SweepGrid grid, List<String> axes, List<String> values,
            Function<JsonNode, Double> value, Function<JsonNode, Double> ownStd) {
        List<Number> ys = new ArrayList<>();
        List<Number> errors = new ArrayList<>();
        boolean any = false;
        boolean anyStd = false;
        for (String col : grid.columns()) {
            List<String> a = new ArrayList<>(axes);
            List<String> v = new ArrayList<>(values);
            if (grid.column() != null) {
                a.add(grid.column());
                v.add(col);
            }
            List<Double> vals = new ArrayList<>();
            Double own = null;
            for (MatrixCell c : grid.finishedAt(a, v)) {
                Double x = value.apply(grid.result(c.id()));
                if (x != null && Double.isFinite(x)) {
                    vals.add(x);
                    own = ownStd.apply(grid.result(c.id()));
                }
            }
            Stat s = Stat.of(vals, vals.size() == 1 ? own : null);
            ys.add(s == null ? null : s.mean());
            errors.add(s == null || !s.hasStd() ? 0.0 : s.std());
            any |= s != null;
            anyStd |= s != null && s.hasStd();
        }
        if (any) {
            if (anyStd) {
                chart.addSeries(seriesName, grid.columns(), ys, errors);
            } else {
                chart.addSeries(seriesName, grid.columns(), ys);
            }
        }
        return any;
    }

    /** The per-site SQNR of the first finished cell with sites, or null. */
    private static Plot sqnr(SweepGrid grid) {
        for (MatrixCell c : grid.cells()) {
            JsonNode r = grid.result(c.id());
            if (r == null || !r.path("sites").isArray() || r.path("sites").isEmpty()) {
                continue;
            }
            List<String> sites = new ArrayList<>();
            List<Number> acc = new ArrayList<>();
            List<Number> local = new ArrayList<>();
            for (JsonNode s : r.path("sites")) {
                sites.add(s.path("site").asText());
                acc.add(finite(s.path("sqnrDb")));
                local.add(finite(s.path("localSqnrDb")));
            }
            if (acc.stream().allMatch(x -> x == null) && local.stream().allMatch(x -> x == null)) {
                continue;
            }
            CategoryChart chart = chart("Per-site SQNR of cell " + c.id(), "site", "SQNR (dB)",
                    Math.max(WIDTH, 300 + 16 * sites.size()));
            chart.getStyler().setXAxisLabelRotation(90);
            chart.getStyler().setAvailableSpaceFill(0.8);
            if (acc.stream().anyMatch(x -> x != null)) {
                chart.addSeries("sqnrDb (accumulated)", sites, acc);
            }
            if (local.stream().anyMatch(x -> x != null)) {
                chart.addSeries("localSqnrDb (own quantization)", sites, local);
            }
            return new Plot(fileName("sqnr-" + c.id()), chart.getTitle(), chart);
        }
        return null;
    }

    private static Number finite(JsonNode v) {
        return v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle) {
        return chart(title, xTitle, yTitle, WIDTH);
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle, int width) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setYAxisDecimalPattern("#0.##");
        return chart;
    }

    private static String columnTitle(SweepGrid grid) {
        return grid.column() == null ? "" : grid.column();
    }

    private static List<String> labels(MatrixCell c, List<String> axes) {
        return axes.stream().map(a -> c.labels().get(a)).toList();
    }

    /** A name safe as a file name: characters other than letters, digits, '.', '_' and '-' become '_'. */
    static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
