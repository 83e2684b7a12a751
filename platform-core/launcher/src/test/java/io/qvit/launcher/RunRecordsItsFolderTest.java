package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished {@code qvit run --out DIR} records {@code DIR} in the runs index of {@code DIR/..}
 * (docs/runs-index.md), so {@code qvit runs list} finds it with its method, bits, accuracy and
 * the qvit version of its provenance without the index being rebuilt.
 */
class RunRecordsItsFolderTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedRunIsListedWithoutReindexing() throws Exception {
        MicroVit.SMALL.write(dir.resolve("micro.safetensors"), 5);
        TestImages.write(dir.resolve("images"), 6, 40, 36, 10, 3);
        Path file = dir.resolve("micro.yaml");
        Files.writeString(file, """
                name: micro-uniform-w8a8
                model: {weights: micro.safetensors}
                data:
                  calibration: {images: images, limit: 4}
                  evaluation:
                    - {name: all, images: images, labels: images/labels.txt}
                quantization: {weights: {bits: 8}, activations: {bits: 8}}
                runtime: {threads: 1, batch_size: 3}
                """);
        Path home = Files.createDirectories(dir.resolve("home"));
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        Path runDir = dir.resolve("mine/run1");
        String previousCache = System.getProperty("qvit.cache");
        System.setProperty("qvit.cache", dir.resolve("cache").toString());
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(layout, new String[] {"run", file.toString(), "--out", runDir.toString()},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, out + "\n" + err);
            assertTrue(Files.exists(dir.resolve("mine/runs-index.sqlite")), "the run is recorded in the index of its parent");

            StringWriter listed = new StringWriter();
            StringWriter listErr = new StringWriter();
            assertEquals(0, Main.run(layout, new String[] {"runs", "list", "--root", dir.resolve("mine").toString(), "--json"},
                    new PrintWriter(listed), new PrintWriter(listErr)), listErr.toString());
            assertEquals("", listErr.toString(), "the index existed: no first-use indexing");
            JsonNode row = new ObjectMapper().readTree(listed.toString().lines().findFirst().orElseThrow());
            JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
            assertEquals("run1", row.path("path").asText());
            assertEquals("uniform", row.path("method").asText());
            assertEquals(8, row.path("wbits").asInt());
            assertEquals(8, row.path("abits").asInt());
            assertEquals(results.path("config_hash").asText(), row.path("config_hash").asText());
            assertEquals(results.path("sets").path("all").path("quantized").path("top1").asDouble(), row.path("top1").asDouble());
            JsonNode provenance = new ObjectMapper().readTree(runDir.resolve("provenance.json").toFile());
            assertTrue(!provenance.path("qvit_version").asText().isBlank(), "provenance.json records the qvit version");
            assertEquals(provenance.path("qvit_version").asText(), row.path("version").asText());
        } finally {
            if (previousCache == null) {
                System.clearProperty("qvit.cache");
            } else {
                System.setProperty("qvit.cache", previousCache);
            }
        }
    }
}
