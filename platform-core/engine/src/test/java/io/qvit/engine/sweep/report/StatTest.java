package io.qvit.engine.sweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mean ± sample std, or a single value's own std. */
class StatTest {
    @Test
    void severalValuesGiveTheirSampleStd() {
        Stat s = Stat.of(List.of(1.0, 2.0, 3.0), 9.0);
        assertEquals(2.0, s.mean(), 1e-12);
        assertEquals(1.0, s.std(), 1e-12);
        assertEquals(3, s.n());
    }

    @Test
    void oneValueKeepsItsOwnStdOrHasNone() {
        assertEquals(0.5, Stat.of(List.of(4.0), 0.5).std());
        assertTrue(Stat.of(List.of(4.0), 0.5).hasStd());
        assertFalse(Stat.of(List.of(4.0), null).hasStd());
        assertNull(Stat.of(List.of(), null));
    }
}
