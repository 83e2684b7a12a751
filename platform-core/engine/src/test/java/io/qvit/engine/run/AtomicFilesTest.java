package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: run-folder files were created with mode 0600 ({@code createTempFile}); they must get
 * the permissions the user's umask gives any new file, and no temporary file may be left behind.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileHasTheUmaskPermissionsOfAnyNewFile() throws Exception {
        Path reference = Files.writeString(dir.resolve("reference.txt"), "x");
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(reference);
        Path f = dir.resolve("results.json");
        AtomicFiles.write(f, "{}");
        assertEquals(expected, Files.getPosixFilePermissions(f), "created like " + reference + " (the umask)");
        AtomicFiles.write(f, "{\"a\": 1}");
        assertEquals(expected, Files.getPosixFilePermissions(f), "also when replacing a file");
        assertEquals("{\"a\": 1}", Files.readString(f));
    }

    @Test
    void noTemporaryFileIsLeftAndMissingFoldersAreCreated() throws Exception {
        Path f = dir.resolve("a/b/c.json");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
        assertTrue(Files.isRegularFile(f));
    }
}
