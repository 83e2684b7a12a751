package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.engine.experiment.MatrixCell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;

/** Which plots a sweep gets, their series, values and error bars. */
class SweepPlotsTest {
    @Test
    void aModelByMethodByBitsBySeedSweepGetsTop1PerModelDropTimeAndSqnr() {
        List<Plot> plots = SweepPlots.of(new SyntheticSweep().grid());
        assertEquals(List.of("top1-val-deit-t", "top1-val-vit-t", "drop-val", "calibration-time", "sqnr-deit-t_uniform_4_0"),
                plots.stream().map(Plot::name).toList());
        CategoryChart top1 = (CategoryChart) plots.get(0).chart();
        assertEquals(List.of("uniform", "repq", "float32"), List.copyOf(top1.getSeriesMap().keySet()));
        assertTrue(top1.getStyler().isOverlapped(), "the lines share their x positions");
        CategorySeries repq = top1.getSeriesMap().get("repq");
        assertEquals(50.0, repq.getYData().iterator().next().doubleValue(), 1e-9);
        assertNotNull(repq.getExtraValues(), "seeds give error bars");
        assertEquals(0.7071, repq.getExtraValues().iterator().next().doubleValue(), 1e-4);
        CategoryChart drop = (CategoryChart) plots.get(2).chart();
        assertEquals(List.of("deit-t / uniform", "deit-t / repq", "vit-t / uniform", "vit-t / repq"),
                List.copyOf(drop.getSeriesMap().keySet()));
        assertEquals(59.5, drop.getSeriesMap().get("deit-t / uniform").getYData().iterator().next().doubleValue(), 1e-9);
        CategoryChart time = (CategoryChart) plots.get(3).chart();
        assertEquals(6.0, time.getSeriesMap().get("deit-t / repq").getYData().iterator().next().doubleValue(), 1e-9);
        CategoryChart sqnr = (CategoryChart) plots.get(4).chart();
        assertEquals(6, sqnr.getSeriesMap().get("sqnrDb (accumulated)").getXData().size());
    }

    @Test
    void withoutSeedsThereAreNoErrorBarsAndFloat32OnlySweepsGetNoDropPlot() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("bits", "4");
        ObjectNode r = SyntheticSweep.result("4", 0.8, 0.7, 2);
        List<Plot> plots = SweepPlots.of(new SweepGrid(List.of(new MatrixCell("4", labels, null)), Map.of("4", r)));
        CategoryChart top1 = (CategoryChart) plots.get(0).chart();
        assertEquals(List.of("top-1", "float32"), List.copyOf(top1.getSeriesMap().keySet()));
        assertTrue(top1.getSeriesMap().get("top-1").getExtraValues() == null);

        ObjectNode fp32Only = SyntheticSweep.result("4", 0.8, 0.7, 2);
        ((ObjectNode) fp32Only.path("sets").path("val")).remove("quantized");
        fp32Only.remove("sites");
        fp32Only.remove("timings");
        List<String> names = SweepPlots.of(new SweepGrid(List.of(new MatrixCell("4", labels, null)), Map.of("4", fp32Only)))
                .stream().map(Plot::name).toList();
        assertEquals(List.of("top1-val"), names);
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertEquals("top1-sample_1000-deit_t_", SweepPlots.fileName("top1-sample 1000-deit/t?"));
        assertFalse(SweepPlots.fileName("a/../b").contains("/"));
    }
}
