package io.qvit.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FuzzFilesTest {
    @Test
    void writeOverwritesTheNamedFileInOneScratchFolder() throws Exception {
        Path a = FuzzFiles.write("input.bin", new byte[] {1, 2, 3});
        Path b = FuzzFiles.write("input.bin", new byte[] {4});
        assertEquals(a, b);
        assertEquals(FuzzFiles.dir(), a.getParent());
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(b));
    }
}
