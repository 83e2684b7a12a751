package io.qvit.launcher.internal.runindex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes synthetic finished run folders (results.json, experiment.resolved.json, provenance.json
 * shaped like the engine's; docs/results.md) so the index can be tested without running models.
 */
final class SyntheticRuns {
    private SyntheticRuns() {
    }

    /**
     * A run folder {@code root/name/hash12} of {@code method} at W{@code bits}A{@code bits}
     * ({@code bits} 0: float32 only) with one set {@code sample} at the given accuracies.
     */
    static Path write(Path root, String name, String hash, String method, int bits, long seed, double fp32Top1,
                      double quantTop1) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name).resolve(hash.substring(0, 12)));
        String quantized = bits == 0 ? "null" : String.format(Locale.ROOT, "{\"top1\": %s, \"top5\": %s}", quantTop1,
                Math.min(1, quantTop1 + 0.1));
        Files.writeString(dir.resolve("results.json"), String.format(Locale.ROOT, """
                {"experiment": "%s", "config_hash": "%s", "status": "finished",
                 "model": {"architecture": "deit_tiny_patch16_224", "checkpoint": "x", "sha256": "%s", "loader": "timm 1"},
                 "sets": {"sample": {"images": 100, "skipped": [], "fp32": {"top1": %s, "top5": %s}, "quantized": %s}},
                 "timings": {"calibration": 9.5, "total": 30.25}}
                """, name, hash, "0".repeat(64), fp32Top1, Math.min(1, fp32Top1 + 0.1), quantized));
        String quantization = bits == 0 ? "null" : String.format(Locale.ROOT, """
                {"reparameterizations": [], "sites": {"*.weight": {"quantizer": null, "bits": %d},
                  "default": {"quantizer": %s, "bits": %d}}, "bitAllocator": null}""", bits,
                method.equals("uniform") ? "null" : "\"uniform\"", bits);
        String plugins = bits == 0 || method.equals("uniform") ? "{\"ModelLoader:timm\": \"1\"}"
                : "{\"MethodPreset:" + method + "\": \"1\", \"ModelLoader:timm\": \"1\"}";
        Files.writeString(dir.resolve("experiment.resolved.json"), String.format(Locale.ROOT, """
                {"name": "%s", "seed": %d, "model": {"weights": "deit.safetensors"},
                 "runtime": {"threads": 2, "batch_size": 50}, "quantization": %s, "plugins": %s}
                """, name, seed, quantization, plugins));
        Files.writeString(dir.resolve("provenance.json"), String.format(Locale.ROOT, """
                {"experiment": "%s", "seed": %d, "qvit_commit": "abc123"}
                """, name, seed));
        return dir;
    }

    /** A 64-hex-digit config hash starting with {@code prefix}. */
    static String hash(String prefix) {
        return prefix + "0".repeat(64 - prefix.length());
    }
}
