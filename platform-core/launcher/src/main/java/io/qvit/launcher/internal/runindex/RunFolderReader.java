package io.qvit.launcher.internal.runindex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a finished run folder ({@code results.json}, {@code experiment.resolved.json},
 * {@code provenance.json}; see docs/results.md) into the {@link RunRecord} the index keeps. The
 * method is the experiment's method preset ({@code MethodPreset:<id>} among its plugins), else
 * the default site's quantizer ({@code uniform} when unnamed), or {@code fp32} without
 * quantization; weight bits are those of the {@code *.weight} rule, else the default's.
 */
public final class RunFolderReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolderReader() {
    }

    /** Whether {@code folder} holds a {@code results.json}. */
    public static boolean isRunFolder(Path folder) {
        return Files.isRegularFile(folder.resolve("results.json"));
    }

    /** The record of {@code folder}, its path taken relative to {@code root}. */
    public static RunRecord read(Path root, Path folder) throws RunsIndexException {
        Path resultsFile = folder.resolve("results.json");
        JsonNode results = readJson(resultsFile, true);
        JsonNode resolved = readJson(folder.resolve("experiment.resolved.json"), false);
        JsonNode provenance = readJson(folder.resolve("provenance.json"), false);
        if (!results.path("experiment").isTextual() || !results.path("config_hash").isTextual()) {
            throw new RunsIndexException(resultsFile + ": has no 'experiment' or 'config_hash'; not a qvit run folder");
        }
        JsonNode quant = resolved.path("quantization");
        JsonNode sites = quant.path("sites");
        Integer abits = intOrNull(sites.path("default").path("bits"));
        Integer wbits = intOrNull(sites.path("*.weight").path("bits"));
        if (quant.isObject() && wbits == null) {
            wbits = abits;
        }
        JsonNode seedNode = resolved.has("seed") ? resolved.path("seed") : provenance.path("seed");
        JsonNode timings = results.path("timings");
        Instant written;
        try {
            written = Files.getLastModifiedTime(resultsFile).toInstant().truncatedTo(ChronoUnit.SECONDS);
        } catch (IOException e) {
            throw new RunsIndexException(resultsFile + ": cannot read its time: " + e.getMessage(), e);
        }
        return new RunRecord(relative(root, folder), results.path("experiment").asText(),
                results.path("config_hash").asText(), results.path("status").asText("finished"),
                textOrNull(results.path("model").path("architecture")), method(resolved),
                wbits, abits, seedNode.isIntegralNumber() ? seedNode.asLong() : null, results.has("repeat"),
                numberOrNull(timings.path("calibration")), numberOrNull(timings.path("total")), written.toString(),
                textOrNull(provenance.path("qvit_commit")), textOrNull(provenance.path("qvit_version")), sets(results));
    }

    /** {@code folder} relative to {@code root} with {@code /} separators ({@code .} for the root itself). */
    static String relative(Path root, Path folder) {
        Path rel = root.toAbsolutePath().normalize().relativize(folder.toAbsolutePath().normalize());
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }

    private static String method(JsonNode resolved) {
        Iterator<String> plugins = resolved.path("plugins").fieldNames();
        while (plugins.hasNext()) {
            String p = plugins.next();
            if (p.startsWith("MethodPreset:")) {
                return p.substring("MethodPreset:".length());
            }
        }
        JsonNode quant = resolved.path("quantization");
        if (!quant.isObject()) {
            return resolved.isMissingNode() ? null : "fp32";
        }
        JsonNode q = quant.path("sites").path("default").path("quantizer");
        return q.isTextual() ? q.asText() : "uniform";
    }

    private static List<SetResult> sets(JsonNode results) {
        List<SetResult> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = results.path("sets").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            JsonNode q = s.path("quantized");
            out.add(new SetResult(e.getKey(), s.path("images").asLong(), numberOrNull(s.path("fp32").path("top1")),
                    numberOrNull(s.path("fp32").path("top5")), numberOrNull(q.path("top1")), numberOrNull(q.path("top5"))));
        }
        return out;
    }

    /** The JSON in {@code file}; a missing optional file is an empty (missing) node. */
    static JsonNode readJson(Path file, boolean required) throws RunsIndexException {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new RunsIndexException(file + ": not found; not a finished run folder");
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new RunsIndexException(file + ": not readable JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static Integer intOrNull(JsonNode n) {
        return n.isIntegralNumber() ? n.asInt() : null;
    }

    private static Double numberOrNull(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
