package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A safetensors header of 200,000 nested arrays (200 kB, well inside the 100 MB header limit)
 * overflowed the stack of the recursive JSON reader; nesting is now limited and the file refused
 * with one line.
 */
class DeepSafetensorsHeaderTest {
    @TempDir
    Path dir;

    @Test
    void deeplyNestedHeaderIsRefusedNotAStackOverflow() throws Exception {
        byte[] header = "[".repeat(200_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path f = Files.write(dir.resolve("deep.safetensors"), b.array());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafetensorsFile.open(f));
        assertTrue(e.getMessage().contains("deep.safetensors") && e.getMessage().contains("nested deeper than 64"),
                e.getMessage());
    }
}
