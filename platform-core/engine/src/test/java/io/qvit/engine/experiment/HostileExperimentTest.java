package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: an experiment file that is too large, endless, binary or not UTF-8 is refused before
 * parsing with one line naming the file; a name with a trailing newline is refused by the schema.
 */
class HostileExperimentTest {
    private static final String HEAD = "name: big\nmodel: {weights: model.safetensors}\n";

    @TempDir
    Path dir;
    private ExperimentReader reader;

    @BeforeEach
    void setUp() throws IOException {
        Files.writeString(dir.resolve("model.safetensors"), "x");
        reader = new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get);
    }

    private ExperimentException refused(Path file, String fragment) {
        ExperimentException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ExperimentException.class, () -> reader.read(file)));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        return e;
    }

    @Test
    void fileLargerThanTheLimitIsRefusedBeforeParsing() throws Exception {
        Path f = dir.resolve("big.yaml");
        Files.writeString(f, HEAD + "# padding padding padding padding padding padding padding padding\n".repeat(40_000));
        assertTrue(Files.size(f) > ExperimentText.DEFAULT_LIMIT);
        refused(f, "is larger than 1048576 bytes, too large for an experiment file (raise the limit with "
                + "-Dqvit.limits.experimentBytes=...)");
        String old = System.setProperty(ExperimentText.LIMIT_PROPERTY, String.valueOf(8L << 20));
        try {
            assertEquals("big", reader.read(f).spec().name());
        } finally {
            if (old == null) {
                System.clearProperty(ExperimentText.LIMIT_PROPERTY);
            } else {
                System.setProperty(ExperimentText.LIMIT_PROPERTY, old);
            }
        }
    }

    @Test
    void devZeroIsRefusedWithABoundedRead() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.isReadable(zero), "no /dev/zero on this system");
        refused(zero, "is larger than 1048576 bytes");
    }

    @Test
    void nulBytesAreRefused() throws Exception {
        Path f = dir.resolve("nul.yaml");
        Files.write(f, (HEAD + "seed: 0\0\0\n").getBytes(StandardCharsets.UTF_8));
        refused(f, "is a binary file (NUL byte at offset " + (HEAD.length() + 7) + "), not a YAML experiment file");
    }

    @Test
    void invalidUtf8IsRefusedNamingTheOffset() throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xe9, 't', 'e', '\n'});
        refused(f, "is not UTF-8 text (invalid byte sequence at offset 6)");
    }

    @Test
    void randomBinaryGarbageIsOneClearLine() throws Exception {
        byte[] garbage = new byte[4096];
        new java.util.Random(21).nextBytes(garbage);
        Path f = dir.resolve("garbage.yaml");
        Files.write(f, garbage);
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(f));
        assertTrue(e.getMessage().startsWith(f + ": is "), e.getMessage());
    }

    @Test
    void nameWithATrailingNewlineIsRefused() throws Exception {
        Path f = dir.resolve("newline.yaml");
        Files.writeString(f, "name: \"foo\\n\"\nmodel: {weights: model.safetensors}\n");
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(f));
        assertTrue(e.getMessage().contains(": name: does not match the regex pattern"), e.getMessage());
        Files.writeString(f, "name: \"foo\"\nmodel: {weights: model.safetensors}\n");
        assertEquals("foo", reader.read(f).spec().name());
    }
}
