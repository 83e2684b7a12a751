package io.qvit.plugins.loader.timm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.api.model.ModelFormatException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;

/**
 * Fuzzes the safetensors reader (header length, JSON header, entries, then every tensor): only
 * {@link ModelFormatException}, and no more allocation than the file justifies (the float32 copy
 * of the data, at most twice the file for 16-bit dtypes, plus the parsed header). Seeds:
 * {@code tools/fuzz-seeds/SafetensorsSeeds.java}.
 */
class SafetensorsFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("SafetensorsFile",
            ModelFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 64));

    @FuzzTest
    void safetensors(byte[] data) {
        Path file = FuzzFiles.write("fuzz.safetensors", data);
        CONTRACT.check(data.length, () -> SafetensorsFile.open(file).readAll());
    }
}
