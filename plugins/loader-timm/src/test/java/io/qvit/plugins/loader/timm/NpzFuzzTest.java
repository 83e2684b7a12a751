package io.qvit.plugins.loader.timm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.api.model.ModelFormatException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;

/**
 * Fuzzes the {@code .npz} reader (zip structure, entry sizes, each {@code .npy}): only
 * {@link ModelFormatException}, and no more allocation than the archive justifies. Deflate expands
 * at most 1032 times, so a compressed entry may legitimately cost that much per input byte, twice
 * (the entry, then its float32 copy); a zip bomb costs far more. Seeds:
 * {@code tools/fuzz-seeds/NpySeeds.java}.
 */
class NpzFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("NpzReader",
            ModelFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 4 * 1032));

    @FuzzTest
    void npz(byte[] data) {
        Path file = FuzzFiles.write("fuzz.npz", data);
        CONTRACT.check(data.length, () -> NpzReader.read(file));
    }
}
