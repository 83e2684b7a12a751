package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.QuantizationSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every variant of a multi-variant experiment (each in its own run folder, the float32
 * evaluation computed once and then taken from the cache) and writes one table of all of them,
 * {@code summary.md} and {@code summary.json}, into the experiment's summary folder
 * {@code runs/<name>/<first 12 hex of the hash of the variants' config hashes>/}.
 */
public final class VariantSummary {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VariantSummary() {
    }

    /** The summary of a finished multi-variant run. */
    public record Summary(Path folder, String table, JsonNode document) {
    }

    /**
     * Runs all variants of {@code file}.
     *
     * @param out the summary folder, with each variant's run folder inside it, or null for the
     *     defaults below {@code runsRoot} ({@code <name>.<variant>/<hash>} and {@code <name>/<hash>})
     */
    public static Summary run(RunEngine engine, ExperimentFile file, Path runsRoot, Path out, boolean force)
            throws ExperimentException, IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        StringBuilder hashes = new StringBuilder();
        for (int i = 0; i < file.spec().variants().size(); i++) {
            ExperimentFile v = file.variant(i);
            Path dir = out != null ? out.resolve(file.spec().variants().get(i).name()) : engine.runFolder(v, runsRoot);
            JsonNode results = engine.run(v, dir, force);
            hashes.append(results.path("config_hash").asText()).append('\n');
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variant", file.spec().variants().get(i).name());
            row.put("method", method(v.spec().quantization()));
            row.put("bits", bits(v.spec().quantization()));
            row.put("run_folder", dir.toAbsolutePath().toString());
            row.put("config_hash", results.path("config_hash").asText());
            row.put("sets", results.path("sets"));
            rows.add(row);
        }
        Path folder = out != null ? out : runsRoot.resolve(file.spec().name()).resolve(Checksums.text(hashes.toString()).substring(0, 12));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", file.spec().name());
        doc.put("variants", rows);
        JsonNode tree = JSON.valueToTree(doc);
        String table = table(tree);
        java.nio.file.Files.createDirectories(folder);
        AtomicFiles.write(folder.resolve("summary.json"), JSON.writeValueAsString(tree));
        AtomicFiles.write(folder.resolve("summary.md"), "# " + file.spec().name() + "\n\n```\n" + table + "\n```\n");
        return new Summary(folder, table, tree);
    }

    private static String method(QuantizationSpec q) {
        if (q == null) {
            return "float32";
        }
        return q.method() != null ? q.method() : "uniform";
    }

    private static String bits(QuantizationSpec q) {
        if (q == null) {
            return "32/32";
        }
        return (q.weights() != null && q.weights().bits() != null ? q.weights().bits().toString() : "?") + "/"
                + (q.activations() != null && q.activations().bits() != null ? q.activations().bits().toString() : "?");
    }

    /** One line per variant and evaluation set: top-1, top-5 and the top-1 change against float32. */
    public static String table(JsonNode doc) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %-8s %-6s %-20s %7s %8s %8s %9s%n",
                "variant", "method", "W/A", "set", "images", "top-1", "top-5", "Δtop-1"));
        for (JsonNode row : doc.path("variants")) {
            Iterator<Map.Entry<String, JsonNode>> sets = row.path("sets").fields();
            while (sets.hasNext()) {
                Map.Entry<String, JsonNode> e = sets.next();
                JsonNode s = e.getValue();
                JsonNode fp = s.path("fp32");
                JsonNode q = s.path("quantized");
                boolean quantized = !q.isNull() && !q.isMissingNode();
                JsonNode r = quantized ? q : fp;
                String std = r.has("top1_std") ? String.format(Locale.ROOT, " ±%.2f", 100 * r.path("top1_std").asDouble()) : "";
                sb.append(String.format(Locale.ROOT, "%-16s %-8s %-6s %-20s %7d %7.2f%% %7.2f%% %9s%s%n", row.path("variant").asText(),
                        row.path("method").asText(), row.path("bits").asText(), e.getKey(), s.path("images").asLong(),
                        100 * r.path("top1").asDouble(), 100 * r.path("top5").asDouble(),
                        quantized ? String.format(Locale.ROOT, "%+.2f", 100 * (q.path("top1").asDouble() - fp.path("top1").asDouble())) : "-",
                        std));
            }
        }
        return sb.toString().stripTrailing();
    }
}
