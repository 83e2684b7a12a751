package io.qvit.toolkit.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.CalibrationParadigm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link OptionReader}: typed values, defaults, and errors that name the option. */
class OptionReaderTest {

    @Test
    void absentKeysGiveTheFallback() {
        OptionReader o = OptionReader.of(Map.of());
        assertEquals(0.5, o.number("x", 0.5));
        assertEquals(3, o.integer("n", 3, 1, 10));
        assertEquals(List.of(0.9), o.levels("l", List.of(0.9), 0.5, 1));
        assertTrue(o.bool("b", true));
        assertEquals(CalibrationParadigm.SEQUENTIAL, o.paradigm(CalibrationParadigm.SEQUENTIAL));
        assertFalse(o.has("x"));
    }

    @Test
    void readsNumbersFromNumbersAndNumericStrings() {
        OptionReader o = OptionReader.of(Map.of("a", 2, "b", " 0.25 ", "n", 4.0, "s", "7", "t", "TRUE"));
        assertEquals(2.0, o.number("a", 0));
        assertEquals(0.25, o.number("b", 0));
        assertEquals(4, o.integer("n", 0, 1, Integer.MAX_VALUE));
        assertEquals(7, o.integer("s", 0, 1, 30));
        assertTrue(o.bool("t", false));
        assertEquals(2.0, o.number("a", 0, x -> x > 0, "a number > 0"));
    }

    @Test
    void readsLevelListsAndParadigm() {
        Map<String, Object> m = new HashMap<>();
        m.put("percentiles", List.of(0.999, "0.9999"));
        m.put("paradigm", " Sequential");
        OptionReader o = OptionReader.of(m);
        assertEquals(List.of(0.999, 0.9999), o.levels("percentiles", List.of(), 0.5, 1.0));
        assertEquals(CalibrationParadigm.SEQUENTIAL, o.paradigm(CalibrationParadigm.PARALLEL));
        assertEquals(List.of(0.1, 1.5), OptionReader.of(Map.of("a", List.of(0.1, 1.5)))
                .numbers("a", List.of(), x -> x >= 0 && x < Math.PI / 2, "angles in [0, pi/2)"));
    }

    @Test
    void errorsNameTheOption() {
        Map<String, Object> m = new HashMap<>();
        m.put("x", "abc");
        m.put("n", 2.5);
        m.put("low", 1);
        m.put("lvl", 0.4);
        m.put("list", List.of());
        m.put("b", "yes");
        m.put("paradigm", "diagonal");
        m.put("pos", -1);
        m.put("ang", List.of(0.1, 2.0));
        OptionReader o = OptionReader.of(m);
        fails("option 'x' must be a number, got abc", () -> o.number("x", 0));
        fails("option 'n' must be an integer >= 1, got 2.5", () -> o.integer("n", 0, 1, Integer.MAX_VALUE));
        fails("option 'low' must be an integer in 2..30, got 1", () -> o.integer("low", 0, 2, 30));
        fails("option 'lvl' takes levels in (0.5, 1], got 0.4", () -> o.level("lvl", 0, 0.5, 1));
        fails("option 'list' must be a non-empty list of levels in (0, 1], got []", () -> o.levels("list", null, 0, 1));
        fails("option 'b' must be true or false, got yes", () -> o.bool("b", false));
        fails("option 'paradigm' must be parallel or sequential, got 'diagonal'", () -> o.paradigm(null));
        fails("option 'pos' must be a number > 0, got -1", () -> o.number("pos", 1, x -> x > 0, "a number > 0"));
        fails("option 'ang' takes angles in [0, pi/2), got 2.0",
                () -> o.numbers("ang", null, x -> x >= 0 && x < Math.PI / 2, "angles in [0, pi/2)"));
    }

    @Test
    void unknownKeysAreReportedInSortedOrderUnlessIgnored() {
        OptionReader o = OptionReader.of(Map.of("zeta", 1, "beta", 2, "alpha", 3));
        fails("unknown option 'beta' (log-sqrt2 knows: alpha, gamma)",
                () -> o.requireKnown("log-sqrt2", Set.of("gamma", "alpha")));
        fails("unknown option 'beta' (log-sqrt2 knows: alpha, gamma)",
                () -> o.requireKnown("log-sqrt2", Set.of("gamma", "alpha"), Set.of()));
        o.requireKnown("log-sqrt2", Set.of("alpha"), Set.of("beta", "zeta"));
        o.requireKnown("log-sqrt2", Set.of("alpha", "beta", "zeta"));
    }

    private static void fails(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }
}
