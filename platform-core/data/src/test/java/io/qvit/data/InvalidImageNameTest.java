package io.qvit.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file name that is not a valid path (a NUL character) in {@code labels.txt} or a list file threw
 * a raw {@code InvalidPathException} (found by DatasetFilesFuzzTest); it is a
 * {@link DatasetFormatException} naming the file and line.
 */
class InvalidImageNameTest {
    @TempDir
    Path dir;

    @Test
    void nulInALabelsFileNameIsAFormatError() throws Exception {
        Path labels = Files.writeString(dir.resolve("labels.txt"), "a.jpg 0\nb\0.jpg 1\n");
        Files.write(dir.resolve("a.jpg"), new byte[] {1});
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir, labels));
        assertTrue(e.getMessage().startsWith(labels + ":2: ") && e.getMessage().contains("not a valid file name"),
                e.getMessage());
    }
}
