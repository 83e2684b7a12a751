package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip entry whose deflated data ends early, or a zip too short to hold its end record, made the
 * readers throw a bare {@code EOFException} (both found by NpzFuzzTest); each is a
 * {@link ModelFormatException} naming the file (and the entry).
 */
class CorruptZipEntryTest {
    @TempDir
    Path dir;

    @Test
    void truncatedDeflateDataIsAFormatErrorNamingTheEntry() throws Exception {
        Path f = dir.resolve("bad.npz");
        try (InputStream in = getClass().getResourceAsStream("NpzFuzzTestInputs/npz/crash-truncated-deflate")) {
            Files.write(f, in.readAllBytes());
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NpzReader.read(f));
        assertTrue(e.getMessage().contains("bad.npz") && e.getMessage().contains("is corrupt"), e.getMessage());
    }

    @Test
    void aZipTooShortForItsDirectoryIsAFormatError() throws Exception {
        byte[] shortZip = {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0};
        Path npz = Files.write(dir.resolve("short.npz"), shortZip);
        Path pth = Files.write(dir.resolve("short.pth"), shortZip);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NpzReader.read(npz));
        assertTrue(e.getMessage().contains("short.npz"), e.getMessage());
        e = assertThrows(ModelFormatException.class, () -> TorchZipReader.read(pth));
        assertTrue(e.getMessage().contains("short.pth"), e.getMessage());
    }
}
