package io.qvit.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.qvit.data.internal.SynsetTable;
import io.qvit.testsupport.AllocationBudget;
import io.qvit.testsupport.FuzzFiles;
import io.qvit.testsupport.ParserContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the text files that describe datasets, as the datasets read them: {@code labels.txt}
 * ({@link FileImageDataset#labelled(Path, Path)}), list files such as {@code calib-32.txt}
 * ({@link FileImageDataset#listed}, against a fixed folder whose {@code labels.txt} lists two
 * images) and {@code synsets.tsv} ({@link SynsetTable}): only {@link DatasetFormatException},
 * and allocation proportional to the text. Seeds: {@code tools/fuzz-seeds/TextSeeds.java}.
 */
class DatasetFilesFuzzTest {
    private static final AllocationBudget BUDGET = AllocationBudget.of(AllocationBudget.DEFAULT_BASE, 256);
    private static final ParserContract LABELS = ParserContract.of("labels file", DatasetFormatException.class, BUDGET);
    private static final ParserContract LIST = ParserContract.of("list file", DatasetFormatException.class, BUDGET);
    private static final ParserContract SYNSETS = ParserContract.of("synsets file", DatasetFormatException.class, BUDGET);
    private static final Path IMAGES = imageFolder();

    @FuzzTest
    void labels(byte[] data) {
        Path file = FuzzFiles.write("labels.txt", data);
        LABELS.check(data.length, () -> FileImageDataset.labelled(IMAGES, file));
    }

    @FuzzTest
    void listFile(byte[] data) {
        Path list = FuzzFiles.write("list.txt", data);
        LIST.check(data.length, () -> FileImageDataset.listed(list, IMAGES));
    }

    @FuzzTest
    void synsets(byte[] data) {
        Path file = FuzzFiles.write("synsets.tsv", data);
        SYNSETS.check(data.length, () -> SynsetTable.read(file));
    }

    private static Path imageFolder() {
        try {
            Path dir = Files.createDirectories(FuzzFiles.dir().resolve("images"));
            Files.writeString(dir.resolve("labels.txt"), "a.jpg 0\nb c.jpg 1\n");
            Files.write(dir.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
            Files.write(dir.resolve("b c.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
