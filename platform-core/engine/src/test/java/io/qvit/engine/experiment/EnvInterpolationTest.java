package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ${NAME}}, {@code ${NAME:-default}} and {@code $$}, and the guarantee that interpolation is
 * linear in the text: a line of 100,000 unclosed <code>${A:-</code> took one scan to the line's end
 * per opening before (about 10^10 steps for this 500 kB line, and a 1 MiB experiment file is
 * allowed); the deadline is generous, a regression would take hours.
 */
class EnvInterpolationTest {
    private static final EnvInterpolation ENV = EnvInterpolation.of(Map.of("A", "1", "EMPTY", ""));

    private static LocatedTree tree() throws ExperimentException {
        return LocatedTree.parse(Path.of("t.yaml"), new StringReader("a: b\n"));
    }

    private static String interpolate(String text) throws ExperimentException {
        return ENV.substitute(tree(), "a", EnvInterpolation.protect(text));
    }

    @Test
    void substitutesVariablesDefaultsAndDollars() throws Exception {
        assertEquals("1/x", interpolate("${A}/x"));
        assertEquals("d/x", interpolate("${EMPTY:-d}/x"));
        assertEquals("d/x", interpolate("${UNSET:-d}/x"));
        assertEquals("$A", interpolate("$$A"));
        assertEquals("${A", interpolate("${A"), "an unclosed reference is text");
    }

    @Test
    void manyUnclosedReferencesOnOneLineTakeLinearTime() {
        String text = "${A:-".repeat(100_000) + "x";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertEquals(text, interpolate(text)));
    }
}
