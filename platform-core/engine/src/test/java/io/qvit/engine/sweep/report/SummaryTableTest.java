package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of one evaluation set: rows, float32, mean ± std over seeds, missing cells, markdown. */
class SummaryTableTest {
    @Test
    void theTableAveragesSeedsAndMarksWhatIsMissing() {
        List<SummaryTable> tables = SummaryTable.of(new SyntheticSweep().grid());
        assertEquals(1, tables.size());
        SummaryTable t = tables.get(0);
        assertEquals(List.of("model", "method", "float32", "bits 4", "bits 8"), t.header());
        assertEquals(2, t.labelColumns());
        // deit-t uniform 4: 0.195 and 0.205 -> 20.00 ± 0.71
        assertEquals(List.of("deit-t", "uniform", "79.50", "20.00 ± 0.71", "78.00 ± 0.71"), t.rows().get(0));
        assertEquals(List.of("deit-t", "repq", "79.50", "50.00 ± 0.71", "79.00 ± 0.71"), t.rows().get(1));
        // vit-t uniform 4 has one finished seed: its value alone, without a std
        assertEquals("22.80", t.rows().get(2).get(3));
        String md = t.markdown();
        assertEquals("| model | method | float32 | bits 4 | bits 8 |", md.lines().findFirst().orElseThrow());
        assertEquals("|---|---|---:|---:|---:|", md.lines().skip(1).findFirst().orElseThrow());
        assertEquals(6, md.lines().count());
    }

    @Test
    void aCellsOwnRepeatStdIsShownAndNothingFinishedIsADash() {
        ObjectNode r = SyntheticSweep.result("a", 0.5, 0.25, 1);
        ((ObjectNode) r.path("sets").path("val").path("quantized")).put("top1_std", 0.01);
        assertEquals("25.00 ± 1.00", SummaryTable.text(List.of(r.path("sets").path("val").path("quantized"))));
        assertEquals(SummaryTable.MISSING, SummaryTable.text(List.of()));
    }
}
