package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qvit.engine.experiment.MatrixCell;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid's rows, columns and seed averaging. */
class SweepGridTest {
    @Test
    void bitsIsTheColumnAndSeedIsAveraged() {
        SweepGrid g = new SyntheticSweep().grid();
        assertEquals("bits", g.column());
        assertEquals(List.of("4", "8"), g.columns());
        assertEquals(List.of("model", "method"), g.rowAxes());
        assertEquals(4, g.rows().size());
        assertEquals(List.of("val"), g.sets());
        assertEquals(15, g.finished());
        assertEquals(2, g.finishedAt(List.of("deit-t", "repq"), "4").size());
        assertEquals(1, g.finishedAt(List.of("vit-t", "uniform"), "4").size());
    }

    @Test
    void withoutBitsTheLastAxisIsTheColumn() {
        MatrixCell a = new MatrixCell("x_p", Map.of("m", "x"), null);
        SweepGrid g = new SweepGrid(List.of(new MatrixCell("a_b", new java.util.LinkedHashMap<>(Map.of("method", "a")), null)),
                java.util.Collections.singletonMap("a_b", null));
        assertEquals("method", g.column());
        assertEquals(List.of(), g.rowAxes());
        assertEquals(List.of(List.of()), g.rows());
        assertEquals(0, g.finished());
        assertEquals("m", new SweepGrid(List.of(a), Map.of()).column());
    }

    @Test
    void aSweepHasCells() {
        assertThrows(IllegalArgumentException.class, () -> new SweepGrid(List.of(), Map.of()));
    }
}
