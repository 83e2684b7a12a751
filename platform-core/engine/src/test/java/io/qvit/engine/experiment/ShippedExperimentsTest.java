package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every experiment file shipped in {@code experiments/} reads and passes the schema, every cell of
 * a matrix included (plugin ids and referenced files are checked by {@code qvit validate}, which
 * needs the platform and the data).
 */
class ShippedExperimentsTest {
    private static final Path ROOT = Path.of("../../experiments");

    static Stream<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            List<Path> files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/target/"))
                    .sorted().toList();
            assertFalse(files.isEmpty(), "no experiment files under " + ROOT.toAbsolutePath());
            return files.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void readsWithoutProblems(Path file) throws Exception {
        ExperimentReader reader = new ExperimentReader(new ExperimentSchema(),
                Map.of("QVIT_DATA", "/data", "QVIT_FASHION_MNIST", "/fashion")::get);
        List<ExperimentException> problems = reader.problems(file);
        assertTrue(problems.isEmpty(), file + ": " + problems);
        assertFalse(reader.cells(file).isEmpty());
    }
}
