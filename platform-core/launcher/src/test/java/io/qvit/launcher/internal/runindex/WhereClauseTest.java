package io.qvit.launcher.internal.runindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The where clause of {@code qvit runs list}: keys map to fixed expressions, values only to parameters. */
class WhereClauseTest {
    @Test
    void conditionsJoinedByAndBecomeParameterizedSql() throws Exception {
        WhereClause w = WhereClause.parse("method=repq and bits=4 AND top1 >= 60% and seed != 2");
        assertEquals("r.method = ? AND (CASE WHEN r.wbits = r.abits THEN r.wbits END) = ? AND s.quant_top1 >= ? "
                + "AND r.seed != ?", w.sql());
        assertEquals(List.of("repq", 4L, 0.6, 2L), w.parameters());
    }

    @Test
    void quotedValuesGlobsAndFractions() throws Exception {
        WhereClause w = WhereClause.parse("experiment='deit t*' and drop<0.05 and hash!=\"ab*\"");
        assertEquals("r.experiment GLOB ? AND (s.fp32_top1 - s.quant_top1) < ? AND r.config_hash NOT GLOB ?", w.sql());
        assertEquals(List.of("deit t*", 0.05, "ab*"), w.parameters());
        assertEquals("1=1", WhereClause.parse("  ").sql());
    }

    @Test
    void anInjectionAttemptStaysAValueOrIsRejected() throws Exception {
        WhereClause quoted = WhereClause.parse("method=\"x' OR '1'='1\"");
        assertEquals("r.method = ?", quoted.sql());
        assertEquals(List.of("x' OR '1'='1"), quoted.parameters());

        RunsIndexException or = assertThrows(RunsIndexException.class, () -> WhereClause.parse("method=repq' or 1=1 --"));
        assertTrue(or.getMessage().contains("expected 'and'"), or.getMessage());
        RunsIndexException key = assertThrows(RunsIndexException.class,
                () -> WhereClause.parse("method;DROP TABLE runs=1"));
        assertTrue(key.getMessage().contains("expected one of"), key.getMessage());
        RunsIndexException number = assertThrows(RunsIndexException.class, () -> WhereClause.parse("bits=4;DELETE"));
        assertEquals("--where: bits takes a number, not '4;DELETE'", number.getMessage());
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheKnownOnes() {
        RunsIndexException e = assertThrows(RunsIndexException.class, () -> WhereClause.parse("bits=4 and colour=red"));
        assertTrue(e.getMessage().startsWith("--where: unknown key 'colour' (known: path, experiment,"), e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1);
        assertThrows(RunsIndexException.class, () -> WhereClause.parse("method="));
        assertThrows(RunsIndexException.class, () -> WhereClause.parse("method='repq"));
        assertThrows(RunsIndexException.class, () -> WhereClause.parse("top1>abc"));
    }
}
