package io.qvit.plugins.loader.timm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.api.model.ModelFormatException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;

/**
 * Fuzzes the {@code .npy} parser (preamble, Python-literal header, shape, data): only
 * {@link ModelFormatException}, and no more allocation than the array justifies. Seeds:
 * {@code tools/fuzz-seeds/NpySeeds.java}.
 */
class NpyFuzzTest {
    private static final Path FILE = Path.of("fuzz.npz");
    private static final ParserContract CONTRACT = ParserContract.of("NpyArray",
            ModelFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 64));

    @FuzzTest
    void npy(byte[] data) {
        CONTRACT.check(data.length, () -> NpyArray.parse(FILE, "w", data));
    }
}
