package io.qvit.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment file that cannot be decoded is reported with its own name, not as {@code null: cannot read}. */
class UnreadableExperimentTest {
    @TempDir
    Path dir;

    @Test
    void invalidUtf8NamesTheFile() throws Exception {
        Path f = Files.write(dir.resolve("garbage.yaml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3, 0x28});
        ExperimentReader reader = new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get);
        ExperimentException e = assertThrows(ExperimentException.class, () -> reader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
