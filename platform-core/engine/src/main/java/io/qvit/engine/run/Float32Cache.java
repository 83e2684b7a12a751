package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Float32 evaluations cached across runs ({@code <cache>/fp32/<key>.json}). The cache is an
 * optimisation and never decides a result: an entry that is empty, truncated, not JSON or not an
 * evaluation (no positive image count, accuracies outside [0, 1]) is ignored with a warning and
 * recomputed, and a cache that cannot be written (read-only, a file in the way, a full disk) is a
 * warning, never a failed run.
 */
final class Float32Cache {
    private final Path dir;
    private final ObjectMapper json;
    private final PrintWriter progress;

    Float32Cache(Path cacheDir, ObjectMapper json, PrintWriter progress) {
        this.dir = cacheDir.resolve("fp32");
        this.json = json;
        this.progress = progress;
    }

    /** The file of {@code key}. */
    Path file(String key) {
        return dir.resolve(key + ".json");
    }

    /** The cached evaluation of {@code key}, or empty when there is none or it is not valid (with a warning). */
    Optional<JsonNode> load(String key) {
        Path f = file(key);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        String problem;
        try {
            JsonNode node = json.readTree(f.toFile());
            problem = problem(node);
            if (problem == null) {
                return Optional.of(node);
            }
        } catch (IOException e) {
            problem = "unreadable (" + firstLine(e.getMessage()) + ")";
        }
        warn("ignoring the float32 cache entry " + f + ": " + problem + "; recomputing");
        return Optional.empty();
    }

    /** Stores {@code eval} under {@code key}; a failure is a warning. */
    void store(String key, JsonNode eval) {
        Path f = file(key);
        try {
            AtomicFiles.write(f, json.writeValueAsString(eval));
        } catch (IOException | RuntimeException e) {
            warn("cannot write the float32 cache entry " + f + " (" + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + "); the result is not cached");
        }
    }

    /** Why {@code node} is not a float32 evaluation, or null if it is one. */
    static String problem(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "empty or not a JSON object";
        }
        JsonNode images = node.get("images");
        if (images == null || !images.isIntegralNumber() || images.asLong() < 1) {
            return "no positive integer 'images'";
        }
        for (String k : new String[] {"top1", "top5"}) {
            JsonNode v = node.get(k);
            if (v == null || !v.isNumber() || !(v.asDouble() >= 0 && v.asDouble() <= 1)) {
                return "'" + k + "' is not a number in [0, 1]";
            }
        }
        if (node.get("top5").asDouble() < node.get("top1").asDouble()) {
            return "'top5' is below 'top1'";
        }
        return null;
    }

    private void warn(String message) {
        progress.println("qvit: warning: " + message);
        progress.flush();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
