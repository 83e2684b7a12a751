package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.tensor.Tensor;
import io.qvit.launcher.internal.PlatformLayout;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.testsupport.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit run} end to end on the real DeiT-T checkpoint and the first 8 images of
 * sample-1000, through the shipped loader plugin: the top-1/top-5 it reports must be those of
 * timm's logits for the same images (the golden {@code deit_tiny_patch16_224.sample8}), and a
 * second run of the same experiment must reuse the finished results.
 */
class Float32RunTest {
    private Path shared;

    @TempDir
    Path home;

    @BeforeEach
    void needsShared() {
        shared = SharedData.file("data/models").getParent().getParent();
    }

    private int qvit(StringWriter out, StringWriter err, String... args) {
        PlatformLayout layout = PlatformLayout.of(home, Path.of("target/bundles"), Path.of("target/shipped-plugins"),
                home.resolve("plugins"));
        return Main.run(layout, args, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void reportsTheAccuracyOfTimmsLogitsAndDoesNotRecomputeAFinishedRun() throws Exception {
        Path data = shared.resolve("data").toAbsolutePath();
        Path exp = home.resolve("deit.yaml");
        Files.writeString(exp, """
                name: deit-t-first8
                model: {arch: deit_tiny_patch16_224, weights: "%s/models/deit_tiny_patch16_224.safetensors"}
                data:
                  evaluation:
                    - {name: first8, images: "%s/imagenet/sample-1000", limit: 8}
                runtime: {threads: 2, batch_size: 4}
                """.formatted(data, data));
        Path runDir = home.resolve("run");
        System.setProperty("qvit.cache", home.resolve("cache").toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = qvit(out, err, "run", exp.toString(), "--out", runDir.toString());
        assertEquals(0, code, err.toString());

        SafetensorsFile golden = SafetensorsFile.open(shared.resolve("golden/deit_tiny_patch16_224.sample8.safetensors"));
        Tensor logits = golden.read("logits");
        List<String> labels = Files.readAllLines(shared.resolve("data/imagenet/sample-1000/labels.txt"));
        int top1 = 0;
        int top5 = 0;
        for (int b = 0; b < 8; b++) {
            int label = Integer.parseInt(labels.get(b).substring(labels.get(b).lastIndexOf(' ') + 1));
            int rank = 0;
            for (int c = 0; c < 1000; c++) {
                if (logits.data()[b * 1000 + c] > logits.data()[b * 1000 + label]) {
                    rank++;
                }
            }
            top1 += rank == 0 ? 1 : 0;
            top5 += rank < 5 ? 1 : 0;
        }
        JsonNode results = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        JsonNode set = results.path("sets").path("first8");
        assertEquals(8, set.path("images").asInt());
        assertEquals(top1 / 8.0, set.path("fp32").path("top1").asDouble(), 1e-12);
        assertEquals(top5 / 8.0, set.path("fp32").path("top5").asDouble(), 1e-12);
        assertTrue(set.path("quantized").isNull());
        assertTrue(results.path("timings").path("fp32_eval.first8").asDouble() > 0);
        assertTrue(Files.exists(runDir.resolve("provenance.json")));
        JsonNode loader = new ObjectMapper().readTree(runDir.resolve("provenance.json").toFile())
                .path("plugin_bundles").path("ModelLoader:timm");
        assertEquals("qvit-plugin-loader-timm", loader.path("bundle").asText(), loader.toString());
        assertTrue(loader.path("sha256").asText().matches("[0-9a-f]{64}"), loader.toString());
        assertTrue(Files.exists(runDir.resolve("experiment.resolved.json")));
        assertTrue(out.toString().contains("first8"), out.toString());

        StringWriter err2 = new StringWriter();
        assertEquals(0, qvit(new StringWriter(), err2, "run", exp.toString(), "--out", runDir.toString()));
        assertTrue(err2.toString().contains("up to date"), err2.toString());
        JsonNode again = new ObjectMapper().readTree(runDir.resolve("results.json").toFile());
        assertEquals(results, again);
        System.clearProperty("qvit.cache");
    }
}
