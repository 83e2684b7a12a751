package io.qvit.plugins.loader.timm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.api.model.ModelFormatException;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fuzzes a whole {@code .pth} checkpoint the way {@link TorchZipReader} reads it, with the fuzzed
 * bytes as {@code archive/data.pkl} beside two fixed storages ({@code 0}: 24 bytes, {@code 1}: 8
 * bytes): the pickle, the state dict and the strided views it builds over the storages. Only
 * {@link ModelFormatException}, and no more allocation than the checkpoint justifies (a view of a
 * few bytes of storage must not materialise gigabytes). Seeds: {@code tools/fuzz-seeds/PickleSeeds.java}.
 */
class TorchZipFuzzTest {
    private static final ParserContract CONTRACT = ParserContract.of("TorchZipReader",
            ModelFormatException.class, AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 256));

    @FuzzTest
    void pth(byte[] pickle) {
        byte[] zip = checkpoint(pickle);
        Path file = FuzzFiles.write("fuzz.pth", zip);
        CONTRACT.check(zip.length, () -> TorchZipReader.read(file));
    }

    /** A torch.save-style zip holding {@code pickle} as its data.pkl and two small storages. */
    static byte[] checkpoint(byte[] pickle) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            entry(z, "archive/data.pkl", pickle);
            entry(z, "archive/byteorder", "little".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            entry(z, "archive/data/0", new byte[24]);
            entry(z, "archive/data/1", new byte[8]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void entry(ZipOutputStream z, String name, byte[] content) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        z.write(content);
        z.closeEntry();
    }
}
