package io.qvit.engine.experiment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes the experiment reader end to end (UTF-8 decoding, YAML with positions, {@code ${...}}
 * interpolation, JSON Schema validation, binding): only {@link ExperimentException}. SnakeYAML and
 * the schema validator buffer generously whatever the input, so the base allowance is 256 MiB; an
 * input that makes the reader allocate in proportion to anything but its length still breaks it.
 * Seeds: {@code tools/fuzz-seeds/TextSeeds.java}.
 */
class ExperimentReaderFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("ExperimentReader", ExperimentException.class,
            AllocationBudget.of(256L << 20, 16 << 10));
    private static final ExperimentReader READER = new ExperimentReader(new ExperimentSchema(),
            Map.of("QVIT_DATA", "/data", "EMPTY", "")::get);

    @FuzzTest
    void experiment(byte[] data) {
        Path file = FuzzFiles.write("experiment.yaml", data);
        CONTRACT.check(data.length, () -> READER.read(file));
    }
}
