package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit quickstart} end to end on the committed Fashion-MNIST ViT and the real
 * {@code experiments/quickstart.yaml} (all 10,000 test images, calibration on the first 32 training
 * images) with the shipped loader, uniform, RepQ and AdaLog plugins: float32 top-1 is the figure recorded in
 * the checkpoint's metadata ({@code test_top1}, measured by SameDiff when it was trained; 88.29% for
 * the committed model, so at least 88%, the floor), every W8A8 variant is within 1 point of it, and the
 * summary names every variant.
 * Skipped when Debian's {@code dataset-fashion-mnist} is not installed.
 */
class QuickstartTest {
    private static final Path EXPERIMENT = Path.of("../../experiments/quickstart.yaml");

    @TempDir
    Path home;

    @Test
    void float32ReachesTheCommittedAccuracyAndW8A8StaysWithinOnePoint() throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("QVIT_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        assumeTrue(Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte.gz")) || Files.isRegularFile(data.resolve("t10k-images-idx3-ubyte")),
                "skipped: Fashion-MNIST is not installed at " + data + " (sudo apt-get install dataset-fashion-mnist)");
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        System.setProperty("qvit.cache", home.resolve("cache").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path summaryDir = home.resolve("quickstart");
        int code = Main.run(layout, new String[] {"quickstart", "--experiment", EXPERIMENT.toString(), "--out", summaryDir.toString()},
                new PrintWriter(out), new PrintWriter(err));
        System.clearProperty("qvit.cache");
        assertEquals(0, code, err.toString());

        JsonNode summary = new ObjectMapper().readTree(summaryDir.resolve("summary.json").toFile());
        Map<String, JsonNode> byName = new HashMap<>();
        summary.path("variants").forEach(v -> byName.put(v.path("variant").asText(), v.path("sets").path("fashion-mnist-test")));
        assertTrue(byName.keySet().containsAll(java.util.List.of("fp32", "uniform-w8a8", "repq-w8a8", "adalog-w8a8", "uniform-w4a4", "repq-w4a4", "adalog-w4a4")),
                byName.keySet().toString());
        JsonNode fp = byName.get("fp32");
        assertEquals(10000, fp.path("images").asInt());
        double fp32 = fp.path("fp32").path("top1").asDouble();
        assertTrue(fp32 >= 0.88, "float32 top-1 " + fp32);
        Path weights = EXPERIMENT.resolveSibling("quickstart/fashion-vit.safetensors");
        double recorded = Double.parseDouble(SafetensorsFile.open(weights).metadata().get("test_top1"));
        assertEquals(recorded, fp32, 0.0015, "the runtime's top-1 differs from the one SameDiff measured at training time");
        for (String w8 : new String[] {"uniform-w8a8", "repq-w8a8", "adalog-w8a8"}) {
            double q = byName.get(w8).path("quantized").path("top1").asDouble();
            assertEquals(fp32, byName.get(w8).path("fp32").path("top1").asDouble(), 0.0);
            assertTrue(Math.abs(q - fp32) <= 0.01, w8 + " top-1 " + q + " vs float32 " + fp32);
        }
        String table = out.toString();
        assertTrue(table.contains("repq-w4a4") && table.contains("Run folder: "), table);
        assertTrue(Files.isDirectory(summaryDir.resolve("uniform-w8a8")), "each variant runs into a folder of the summary folder");
        assertTrue(Files.isRegularFile(summaryDir.resolve("runs-index.sqlite")), "the variants are recorded in a runs index");
        StringWriter listed = new StringWriter();
        assertEquals(0, Main.run(layout, new String[] {"runs", "list", "--root", summaryDir.toString(), "--json"},
                new PrintWriter(listed), new PrintWriter(new StringWriter())));
        assertEquals(7, listed.toString().lines().count(), listed.toString());
    }
}
