package io.qvit.engine.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.engine.experiment.MatrixCell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A synthetic sweep for the report's tests: model {deit-t, vit-t} × method {uniform, repq} × bits
 * {4, 8} × seed {0, 1}, with made-up {@code results.json} per cell (top-1 depending on all four
 * values, a calibration time, per-site SQNR); cell {@code vit-t_uniform_4_1} has not finished.
 */
final class SyntheticSweep {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String UNFINISHED = "vit-t_uniform_4_1";

    final List<MatrixCell> cells = new ArrayList<>();
    final Map<String, JsonNode> results = new LinkedHashMap<>();

    SyntheticSweep() {
        for (String model : List.of("deit-t", "vit-t")) {
            for (String method : List.of("uniform", "repq")) {
                for (int bits : List.of(4, 8)) {
                    for (int seed : List.of(0, 1)) {
                        Map<String, String> labels = new LinkedHashMap<>();
                        labels.put("model", model);
                        labels.put("method", method);
                        labels.put("bits", Integer.toString(bits));
                        labels.put("seed", Integer.toString(seed));
                        String id = String.join("_", labels.values());
                        cells.add(new MatrixCell(id, labels, null));
                        double fp32 = model.equals("deit-t") ? 0.795 : 0.828;
                        double q = fp32 - (bits == 4 ? 0.3 : 0.01) * (method.equals("uniform") ? 2 : 1) + 0.01 * seed;
                        results.put(id, id.equals(UNFINISHED) ? null : result(id, fp32, q, 1.5 + bits + seed));
                    }
                }
            }
        }
    }

    static ObjectNode result(String id, double fp32, double top1, double calibration) {
        ObjectNode r = JSON.createObjectNode();
        r.put("experiment", "synthetic." + id);
        r.put("config_hash", "hash-" + id);
        r.put("status", "finished");
        ObjectNode set = r.putObject("sets").putObject("val");
        set.put("images", 100);
        set.putObject("fp32").put("top1", fp32).put("top5", 0.95);
        set.putObject("quantized").put("top1", top1).put("top5", 0.9);
        ArrayNode sites = r.putArray("sites");
        for (int b = 0; b < 3; b++) {
            for (String s : List.of("qkv.input", "fc1.input")) {
                sites.addObject().put("site", "blocks." + b + "." + s).put("sqnrDb", 20.0 - 3 * b).put("localSqnrDb", 25.0 - b);
            }
        }
        r.putObject("timings").put("calibration", calibration);
        return r;
    }

    /** Writes each finished cell's {@code results.json} into {@code root/cells/<id>/}. */
    void writeCells(Path root) throws IOException {
        for (MatrixCell c : cells) {
            Path dir = Files.createDirectories(root.resolve("cells").resolve(c.id()));
            JsonNode r = results.get(c.id());
            if (r != null) {
                JSON.writeValue(dir.resolve("results.json").toFile(), r);
            }
        }
    }

    SweepGrid grid() {
        return new SweepGrid(cells, results);
    }
}
