package io.qvit.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.nio.file.Path;

/**
 * Fuzzes the IDX reader, plain and gzip-compressed: only {@link DatasetFormatException}, and no
 * more allocation than the file justifies (gzip expands at most 1032 times; the decompressed copy
 * is buffered and copied once). Seeds: {@code tools/fuzz-seeds/IdxSeeds.java}.
 */
class IdxFileFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("IdxFile",
            DatasetFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 4 * 1032));

    @FuzzTest
    void idx(byte[] data) {
        Path file = FuzzFiles.write("fuzz-idx3-ubyte", data);
        CONTRACT.check(data.length, () -> {
            IdxFile idx = IdxFile.read(file);
            if (idx.type() != IdxFile.DataType.FLOAT && idx.type() != IdxFile.DataType.DOUBLE && idx.count() > 0) {
                idx.intValue(idx.count() - 1);
            }
        });
    }
}
