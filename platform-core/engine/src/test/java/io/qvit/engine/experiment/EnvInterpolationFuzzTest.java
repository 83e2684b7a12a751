package io.qvit.engine.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.ParserContract;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes {@code ${NAME}}, {@code ${NAME:-default}} and {@code $$} interpolation on its own: the
 * text-level {@link EnvInterpolation#protect} and the value-level substitution, on arbitrary
 * strings (including stray marker characters): only {@link ExperimentException} (an unset
 * variable), and allocation proportional to the text and the variables' values. Seeds:
 * {@code tools/fuzz-seeds/TextSeeds.java}.
 */
class EnvInterpolationFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("EnvInterpolation", ExperimentException.class,
            AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 1024));
    private static final EnvInterpolation ENV = EnvInterpolation.of(Map.of("A", "1", "QVIT_DATA", "/data/x", "EMPTY", ""));
    private static final Path FILE = Path.of("fuzz.yaml");

    @FuzzTest
    void interpolation(byte[] data) throws Exception {
        LocatedTree tree = LocatedTree.parse(FILE, new StringReader("a: b\n"));
        String text = new String(data, StandardCharsets.UTF_8);
        CONTRACT.check(data.length, () -> {
            ENV.substitute(tree, "a", text);
            ENV.substitute(tree, "a", EnvInterpolation.protect(text));
        });
    }
}
