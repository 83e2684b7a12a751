package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.testsupport.MicroVit;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qvit's numbers are a property of the experiment, not of the machine: the same experiment (a
 * random-weight micro ViT built here, float32, uniform, RepQ-ViT and AdaLog at W4A4 and the I-ViT
 * integer conversion at W8A8) runs in child JVMs at a 128-bit, a 256-bit and the preferred vector
 * width ({@code -Dqvit.vector.bits}), with 2 threads, and at the preferred width with 1 thread; the
 * SHA-256 of every evaluation's logits (float32, fake-quant, simulated integer, integer) and of every
 * {@code quant_params.json} must be identical in all four. The table of digests is printed.
 */
class ReproducibilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Config(String name, String bits, int threads) {
    }

    @Test
    void logitsAndQuantParamsDoNotDependOnVectorWidthOrThreads() throws Exception {
        MicroVit.SMALL.write(dir.resolve("micro.safetensors"), 7);
        Path images = Files.createDirectories(dir.resolve("images"));
        Random r = new Random(11);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            BufferedImage img = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 36; y++) {
                for (int x = 0; x < 40; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            ImageIO.write(img, "png", images.resolve("img" + i + ".png").toFile());
            labels.append("img").append(i).append(".png ").append(i % 10).append('\n');
        }
        Files.writeString(images.resolve("labels.txt"), labels);

        List<Config> configs = List.of(new Config("128-bit, 2 threads", "128", 2), new Config("256-bit, 2 threads", "256", 2),
                new Config("preferred, 2 threads", null, 2), new Config("preferred, 1 thread", null, 1));
        List<Map<String, String>> digests = new ArrayList<>();
        for (int c = 0; c < configs.size(); c++) {
            digests.add(run(configs.get(c), c));
        }
        StringBuilder table = new StringBuilder("digest (first 16 hex)");
        configs.forEach(c -> table.append(" | ").append(c.name()));
        table.append('\n');
        for (String key : digests.get(0).keySet()) {
            table.append(key);
            for (Map<String, String> d : digests) {
                table.append(" | ").append(d.getOrDefault(key, "absent").substring(0, Math.min(16, d.getOrDefault(key, "absent").length())));
            }
            table.append('\n');
        }
        System.out.print(table);
        assertFalse(digests.get(0).isEmpty());
        for (int c = 1; c < configs.size(); c++) {
            assertEquals(digests.get(0), digests.get(c), configs.get(c).name() + " differs from " + configs.get(0).name()
                    + ":\n" + table);
        }
    }

    private Map<String, String> run(Config config, int index) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home" + index));
        Path experiment = dir.resolve("repro" + index + ".yaml");
        Files.writeString(experiment, """
                name: repro
                seed: 0
                model: {weights: micro.safetensors}
                data:
                  calibration: {images: images, limit: 8}
                  evaluation:
                    - {name: all, images: images}
                variants:
                  - {name: fp32}
                  - name: uniform-w4a4
                    quantization: {weights: {bits: 4}, activations: {bits: 4, init: mse}}
                  - name: repq-w4a4
                    quantization: {method: repq, weights: {bits: 4}, activations: {bits: 4}}
                  - name: adalog-w4a4
                    quantization: {method: adalog, weights: {bits: 4}, activations: {bits: 4}}
                  - name: ivit-w8a8
                    quantization:
                      integer_kernel: ivit
                      integer_kernel_options: {normalization: int64}
                      weights: {quantizer: uniform, bits: 8, granularity: per-channel, symmetric: true, init: minmax}
                      activations: {quantizer: uniform, bits: 8, granularity: per-tensor, symmetric: true, init: minmax}
                      sites:
                        norm.input: {enabled: true, bits: 16}
                        residual: {enabled: true, bits: 16}
                        softmax.input: {enabled: true, bits: 16, options: {integer_reciprocal: 1}}
                        gelu.input: {enabled: true, bits: 16, options: {integer_reciprocal: 1.702}}
                        attn.probs: {bits: 16}
                runtime: {threads: %d, batch_size: 5}
                """.formatted(config.threads()));
        Path out = dir.resolve("out" + index);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xss4m",
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=" + config.threads()));
        if (config.bits() != null) {
            cmd.add("-Dqvit.vector.bits=" + config.bits());
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ReproducibilityProbe.class.getName(),
                home.toString(), experiment.toString(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log" + index + ".txt").toFile()).start();
        int code = p.waitFor();
        assertEquals(0, code, config.name() + ": " + Files.readString(dir.resolve("log" + index + ".txt")));
        Map<String, String> digests = new TreeMap<>();
        try (var variants = Files.list(out)) {
            for (Path v : variants.filter(Files::isDirectory).sorted().toList()) {
                JsonNode results = JSON.readTree(v.resolve("results.json").toFile());
                results.path("sets").fields().forEachRemaining(set -> set.getValue().fields().forEachRemaining(kind -> {
                    if (kind.getValue().has("logits_sha256")) {
                        digests.put(v.getFileName() + " " + set.getKey() + " " + kind.getKey() + " logits",
                                kind.getValue().path("logits_sha256").asText());
                    }
                }));
                Path params = v.resolve("quant_params.json");
                if (Files.exists(params)) {
                    digests.put(v.getFileName() + " quant_params.json", sha256(params));
                }
            }
        }
        return digests;
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
