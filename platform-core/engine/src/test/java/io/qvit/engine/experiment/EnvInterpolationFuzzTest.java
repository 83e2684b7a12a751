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
    /**
     * Twice the default base and 16 KiB per input byte: in fuzzing mode Jazzer's regex hooks
     * allocate on every step of the reference patterns, about 8 KiB per input byte (11.5 MB for the
     * 1.4 kB seed {@code crash-328c…}, 19.7 MB for a 2.4 kB input; 0.1 MB without the hooks). Work
     * that grows faster than the text is caught by {@link EnvInterpolationTest}.
     */
    private static final ParserContract CONTRACT = ParserContract.of("EnvInterpolation", ExperimentException.class,
            AllocationBudget.of(2 * AllocationBudget.DEFAULT_BASE, 16 * 1024)).naming("fuzz.yaml");
    private static final EnvInterpolation ENV = EnvInterpolation.of(Map.of("A", "1", "QVIT_DATA", "/data/x", "EMPTY", ""));
    private static final Path FILE = Path.of("fuzz.yaml");
    /** Only names the place of an error; parsed once (YAML parsing would dominate each input). */
    private static final LocatedTree TREE = tree();

    @FuzzTest
    void interpolation(byte[] data) {
        LocatedTree tree = TREE;
        String text = new String(data, StandardCharsets.UTF_8);
        CONTRACT.check(data.length, () -> {
            ENV.substitute(tree, "a", text);
            ENV.substitute(tree, "a", EnvInterpolation.protect(text));
        });
    }

    private static LocatedTree tree() {
        try {
            return LocatedTree.parse(FILE, new StringReader("a: b\n"));
        } catch (ExperimentException e) {
            throw new IllegalStateException(e);
        }
    }
}
