package io.qvit.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder of a sweep: {@code cells/<cell id>/} is each cell's run folder (its
 * {@code results.json}, and the executor's {@code run.log} and {@code exit_code}); the merged
 * report is written at the top.
 *
 * @param root the sweep folder
 */
public record SweepFolder(Path root) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cell's run folder. */
    public Path cell(String id) {
        return root.resolve("cells").resolve(id);
    }

    /** A cell's log (what its run printed). */
    public Path log(String id) {
        return cell(id).resolve("run.log");
    }

    /** The file the executor writes a cell's exit code into when its run ends. */
    public Path exitCode(String id) {
        return cell(id).resolve("exit_code");
    }

    /** A cell's results, or null when it has none that finished. */
    public JsonNode results(String id) throws IOException {
        Path f = cell(id).resolve("results.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode r = JSON.readTree(f.toFile());
        return "finished".equals(r.path("status").asText()) ? r : null;
    }

    /** Whether the cell finished with results of the experiment whose config hash is {@code hash}. */
    public boolean finished(String id, String hash) throws IOException {
        JsonNode r = results(id);
        return r != null && hash.equals(r.path("config_hash").asText());
    }

    /** The state of a cell as its folder shows it. */
    public CellState state(String id) throws IOException {
        if (results(id) != null) {
            return CellState.FINISHED;
        }
        Path code = exitCode(id);
        if (Files.isRegularFile(code)) {
            String text = Files.readString(code).strip();
            return "0".equals(text) ? CellState.FINISHED_WITHOUT_RESULTS : CellState.FAILED;
        }
        return Files.exists(log(id)) ? CellState.STARTED : CellState.PENDING;
    }

    /** The last {@code n} lines of a cell's log (empty without a log). */
    public List<String> logTail(String id, int n) throws IOException {
        Path f = log(id);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(f);
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
