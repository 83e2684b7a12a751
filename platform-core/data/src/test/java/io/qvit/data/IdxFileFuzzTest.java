package io.qvit.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.math.BigInteger;
import java.nio.file.Path;

/**
 * Fuzzes the IDX reader, plain and gzip-compressed: only {@link DatasetFormatException}, and no
 * more allocation than the file justifies (gzip expands at most 1032 times; the decompressed copy
 * is buffered and copied once); an accepted file's dimensions must account for its data exactly. Seeds: {@code tools/fuzz-seeds/IdxSeeds.java}.
 */
class IdxFileFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("IdxFile",
            DatasetFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 4 * 1032));

    @FuzzTest
    void idx(byte[] data) {
        Path file = FuzzFiles.write("fuzz-idx3-ubyte", data);
        CONTRACT.check(data.length, () -> {
            IdxFile idx = IdxFile.read(file);
            BigInteger values = BigInteger.ONE;
            for (int d : idx.dims()) {
                values = values.multiply(BigInteger.valueOf(d));
            }
            long dataBytes = idx.rawBytes().length - (long) idx.dataOffset();
            if (!values.multiply(BigInteger.valueOf(idx.type().bytes())).equals(BigInteger.valueOf(dataBytes))) {
                throw new AssertionError("IdxFile accepted dims " + java.util.Arrays.toString(idx.dims()) + " of "
                        + idx.type() + " with " + dataBytes + " data bytes");
            }
            if (idx.type() != IdxFile.DataType.FLOAT && idx.type() != IdxFile.DataType.DOUBLE && idx.count() > 0) {
                idx.intValue(idx.count() - 1);
            }
        });
    }
}
