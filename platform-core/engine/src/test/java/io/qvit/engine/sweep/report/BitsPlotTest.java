package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.engine.experiment.MatrixCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The accuracy-vs-average-bits plot: a line per allocator and one for fixed widths, in order of bits. */
class BitsPlotTest {

    private static ObjectNode result(String id, double bits, double top1, boolean allocated) {
        ObjectNode r = SyntheticSweep.result(id, 0.8, top1, 2);
        r.putObject("average_bits").put("all", bits);
        if (allocated) {
            r.putObject("allocation").put("allocator", "greedy-mp 0.2.0");
        }
        return r;
    }

    @Test
    void greedyAndFixedWidthsAreTwoLinesOverTheAverageBits() throws Exception {
        List<MatrixCell> cells = new ArrayList<>();
        Map<String, com.fasterxml.jackson.databind.JsonNode> results = new LinkedHashMap<>();
        Object[][] points = {{"uniform-5", 5.02, 0.70, false}, {"uniform-4", 4.03, 0.40, false},
            {"mp-5", 5.0, 0.74, true}, {"mp-4.5", 4.5, 0.65, true}};
        for (Object[] p : points) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("point", (String) p[0]);
            cells.add(new MatrixCell((String) p[0], labels, null));
            results.put((String) p[0], result((String) p[0], (double) p[1], (double) p[2], (boolean) p[3]));
        }
        List<Plot> plots = SweepPlots.of(new SweepGrid(cells, results));
        Plot bits = plots.stream().filter(p -> p.name().equals("bits-val")).findFirst().orElseThrow();
        XYChart chart = (XYChart) bits.chart();
        assertEquals(List.of("fixed widths", "greedy-mp"), List.copyOf(chart.getSeriesMap().keySet()));
        XYSeries fixed = chart.getSeriesMap().get("fixed widths");
        assertEquals(4.03, fixed.getXData()[0], 1e-9, "points in order of bits");
        assertEquals(40.0, fixed.getYData()[0], 1e-9);
        assertTrue(bits.svgDocument().contains("<svg"));
    }

    @Test
    void sweepsWithoutAllocationGetNoBitsPlot() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("bits", "4");
        List<Plot> plots = SweepPlots.of(new SweepGrid(List.of(new MatrixCell("4", labels, null)),
                Map.of("4", result("4", 4, 0.7, false))));
        assertTrue(plots.stream().noneMatch(p -> p.name().startsWith("bits-")));
    }

    @Test
    void anAllocatorWithOtherOptionsIsItsOwnLine() throws Exception {
        ObjectNode byDefault = result("mp-5", 5.0, 0.76, true);
        ObjectNode raw = result("mp-5-raw", 5.0, 0.75, true);
        ((ObjectNode) raw.path("allocation")).putObject("options").put("sensitivity", "raw").put("trace_loss", true);
        Map<String, com.fasterxml.jackson.databind.JsonNode> results = new LinkedHashMap<>();
        results.put("mp-5", byDefault);
        results.put("mp-5-raw", raw);
        List<MatrixCell> cells = List.of(new MatrixCell("mp-5", Map.of("point", "mp-5"), null),
                new MatrixCell("mp-5-raw", Map.of("point", "mp-5-raw"), null));
        XYChart chart = (XYChart) SweepPlots.of(new SweepGrid(cells, results)).stream()
                .filter(p -> p.name().equals("bits-val")).findFirst().orElseThrow().chart();
        assertEquals(List.of("greedy-mp", "greedy-mp (sensitivity: raw, trace_loss: true)"),
                List.copyOf(chart.getSeriesMap().keySet()));
    }
}
