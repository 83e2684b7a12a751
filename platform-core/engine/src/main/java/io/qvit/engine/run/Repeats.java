package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code repeat: {seeds: [...]}}: runs the experiment once per seed, each into the run folder of
 * the experiment with that seed (a sibling of the repeat's folder, so a finished seed is never
 * recomputed), and writes the repeat's {@code results.json} and {@code report.md} with, per set,
 * the float32 result and the quantized (and integer) top-1/top-5 as mean, sample standard
 * deviation ({@code n − 1}) and the value of every seed.
 */
final class Repeats {
    private static final String[] KINDS = {"quantized", "simulated_integer", "integer"};

    private Repeats() {
    }

    static JsonNode run(RunEngine engine, ObjectMapper json, ExperimentFile file, Path runDir, boolean force)
            throws ExperimentException, IOException {
        List<Long> seeds = file.spec().repeat().seeds();
        Map<String, Object> runs = new LinkedHashMap<>();
        List<JsonNode> results = new ArrayList<>();
        for (long seed : seeds) {
            ExperimentFile one = file.withSeed(seed);
            Path dir = runDir.resolveSibling(engine.configHash(one).substring(0, 12));
            results.add(engine.run(one, dir, force));
            runs.put(Long.toString(seed), dir.getFileName().toString());
        }
        Map<String, Object> sets = new LinkedHashMap<>();
        Iterator<String> names = results.get(0).path("sets").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            Map<String, Object> set = new LinkedHashMap<>();
            JsonNode first = results.get(0).path("sets").path(name);
            set.put("images", first.path("images").asLong());
            set.put("fp32", first.path("fp32"));
            for (String kind : KINDS) {
                if (first.hasNonNull(kind)) {
                    set.put(kind, statistics(results, name, kind));
                }
            }
            sets.put(name, set);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", file.spec().name());
        doc.put("config_hash", engine.configHash(file));
        doc.put("status", "finished");
        doc.put("repeat", Map.of("seeds", seeds, "runs", runs));
        doc.put("sets", sets);
        String text = json.writeValueAsString(doc);
        AtomicFiles.write(runDir.resolve("report.md"), report(file.spec().name(), seeds, json.readTree(text)));
        AtomicFiles.write(runDir.resolve("results.json"), text);
        return json.readTree(text);
    }

    /** Mean, standard deviation and per-seed values of top-1 and top-5 of one result kind of one set. */
    private static Map<String, Object> statistics(List<JsonNode> results, String set, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String metric : new String[] {"top1", "top5"}) {
            double[] v = results.stream().mapToDouble(r -> r.path("sets").path(set).path(kind).path(metric).asDouble()).toArray();
            double mean = 0;
            for (double x : v) {
                mean += x;
            }
            mean /= v.length;
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            out.put(metric, mean);
            out.put(metric + "_std", v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0);
            out.put(metric + "_per_seed", v);
        }
        return out;
    }

    private static String report(String name, List<Long> seeds, JsonNode doc) {
        StringBuilder sb = new StringBuilder("# " + name + ": " + seeds.size() + " seeds " + seeds + "\n\n");
        sb.append("| set | images | float32 top-1 | result | top-1 (mean ± std) | top-5 (mean ± std) |\n");
        sb.append("|---|---:|---:|---|---:|---:|\n");
        doc.path("sets").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            for (String kind : KINDS) {
                JsonNode k = s.path(kind);
                if (k.isObject()) {
                    sb.append(String.format(Locale.ROOT, "| %s | %d | %.2f%% | %s | %.2f ± %.2f%% | %.2f ± %.2f%% |%n",
                            e.getKey(), s.path("images").asLong(), 100 * s.path("fp32").path("top1").asDouble(), kind,
                            100 * k.path("top1").asDouble(), 100 * k.path("top1_std").asDouble(),
                            100 * k.path("top5").asDouble(), 100 * k.path("top5_std").asDouble()));
                }
            }
        });
        return sb.toString();
    }
}
