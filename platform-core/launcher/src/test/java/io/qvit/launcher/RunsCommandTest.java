package io.qvit.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qvit runs list|compare|index} on synthetic run folders: output and exit codes (0 success,
 * 2 bad input with one error line), the first use indexing the root, a deleted folder dropping out.
 */
class RunsCommandTest {
    private static final String FP32 = "aa11" + "0".repeat(60);
    private static final String REPQ = "bb22" + "0".repeat(60);

    @TempDir
    Path dir;

    private Path runs() throws Exception {
        Path root = Files.createDirectories(dir.resolve("runs"));
        folder(root.resolve("deit.fp32/aa1100000000"), "deit.fp32", FP32, null, 0.795);
        folder(root.resolve("deit.repq-w4a4/bb2200000000"), "deit.repq-w4a4", REPQ, "repq", 0.634);
        return root;
    }

    private static void folder(Path dir, String name, String hash, String method, double top1) throws Exception {
        Files.createDirectories(dir);
        String quantized = method == null ? "null" : "{\"top1\": " + top1 + ", \"top5\": 0.85}";
        Files.writeString(dir.resolve("results.json"), """
                {"experiment": "%s", "config_hash": "%s", "status": "finished",
                 "sets": {"sample-1000": {"images": 1000, "fp32": {"top1": 0.795, "top5": 0.94}, "quantized": %s}},
                 "timings": {"total": 12.0}}""".formatted(name, hash, quantized));
        Files.writeString(dir.resolve("experiment.resolved.json"), method == null
                ? "{\"name\": \"%s\", \"seed\": 0, \"quantization\": null, \"plugins\": {}}".formatted(name)
                : ("{\"name\": \"%s\", \"seed\": 0, \"quantization\": {\"sites\": {\"default\": {\"quantizer\": \"uniform\", "
                   + "\"bits\": 4}}}, \"plugins\": {\"MethodPreset:%s\": \"1\"}}").formatted(name, method));
    }

    @Test
    void listIndexesTheRootOnFirstUseAndFilters() throws Exception {
        Path root = runs();
        CliRun all = CliRun.run(dir, "runs", "list", "--root", root.toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.err().contains("indexed 2 run folders"), all.err());
        assertTrue(Files.exists(root.resolve("runs-index.sqlite")));
        List<String> lines = all.out().lines().toList();
        assertTrue(lines.get(0).startsWith("hash          method"), all.out());
        assertEquals(4, lines.size(), all.out());

        CliRun repq = CliRun.run(dir, "runs", "list", "--root", root.toString(), "--where", "method=repq and bits=4", "--json");
        assertEquals(0, repq.code(), repq.err());
        List<String> json = repq.out().lines().toList();
        assertEquals(1, json.size(), repq.out());
        JsonNode row = new ObjectMapper().readTree(json.get(0));
        assertEquals("deit.repq-w4a4/bb2200000000", row.path("path").asText());
        assertEquals(0.634, row.path("top1").asDouble());
        assertEquals("", repq.err(), "an existing index is not rebuilt");
    }

    @Test
    void anUnknownKeyOrMissingRootIsExitTwoWithOneLine() throws Exception {
        Path root = runs();
        CliRun bad = CliRun.run(dir, "runs", "list", "--root", root.toString(), "--where", "colour=red");
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("qvit runs list: --where: unknown key 'colour'"), bad.err());
        CliRun missing = CliRun.run(dir, "runs", "list", "--root", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such folder"), missing.err());
        assertEquals(2, CliRun.run(dir, "runs").code());
    }

    @Test
    void compareResolvesHashPrefixesAndFolders() throws Exception {
        Path root = runs();
        CliRun byHash = CliRun.run(dir, "runs", "compare", "aa11", "bb22", "--root", root.toString());
        assertEquals(0, byHash.code(), byHash.err());
        assertTrue(byHash.out().contains("Experiments differ in"), byHash.out());
        assertTrue(byHash.out().lines().anyMatch(l -> l.matches("\\s+quantized\\s+-\\s+63\\.40%\\s+-\\s+-\\s+85\\.00%\\s+-")),
                byHash.out());
        CliRun byFolder = CliRun.run(dir, "runs", "compare", root.resolve("deit.fp32/aa1100000000").toString(),
                root.resolve("deit.repq-w4a4/bb2200000000").toString());
        assertEquals(0, byFolder.code(), byFolder.err());
        assertEquals(byHash.out(), byFolder.out());

        CliRun unknown = CliRun.run(dir, "runs", "compare", "aa11", "ffff", "--root", root.toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("ffff: no run in"), unknown.err());
        CliRun neither = CliRun.run(dir, "runs", "compare", "aa11", "not-a-run", "--root", root.toString());
        assertEquals(2, neither.code());
        assertTrue(neither.err().contains("not-a-run: neither a run folder nor a config-hash prefix"), neither.err());
    }

    @Test
    void indexDropsADeletedFolder() throws Exception {
        Path root = runs();
        assertEquals(0, CliRun.run(dir, "runs", "index", "--root", root.toString()).code());
        Path fp32 = root.resolve("deit.fp32/aa1100000000");
        Files.delete(fp32.resolve("results.json"));
        Files.delete(fp32.resolve("experiment.resolved.json"));
        CliRun again = CliRun.run(dir, "runs", "index", "--root", root.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("Indexed 1 run folder in") && again.out().contains("(1 gone)"), again.out());
        CliRun list = CliRun.run(dir, "runs", "list", "--root", root.toString(), "--where", "method=fp32");
        assertEquals(2, list.out().lines().count(), list.out());
        CliRun rebuilt = CliRun.run(dir, "runs", "index", "--root", root.toString(), "--rebuild");
        assertTrue(rebuilt.out().contains("Indexed 1 run folder in") && rebuilt.out().contains("(rebuilt)"), rebuilt.out());
    }
}
