package io.qvit.plugins.loader.timm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.api.model.ModelFormatException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;

/**
 * Fuzzes the data-only pickle reader of {@code .pth} checkpoints with the torch allow-list
 * ({@link TorchGlobals}): only {@link ModelFormatException}, no stack overflow, no hang on shared
 * structures, and no more allocation than the pickle justifies. Seeds:
 * {@code tools/fuzz-seeds/PickleSeeds.java}.
 */
class PickleFuzzTest {
    private static final Path FILE = Path.of("fuzz.pth");
    private static final ParserContract CONTRACT = ParserContract.of("PickleReader",
            ModelFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 256));

    @FuzzTest
    void pickle(byte[] data) {
        CONTRACT.check(data.length, () -> PickleReader.read(FILE, "archive/data.pkl", data,
                new TorchGlobals(FILE, "archive/data.pkl")));
    }
}
