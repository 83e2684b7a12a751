package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: an empty float32 cache entry gave "images 0, top-1 0.00%" with exit 0, a truncated
 * one a parse error without the path, and an unwritable cache failed the run after the evaluation
 * had finished. A bad entry must be ignored (with a warning naming it) and recomputed; an
 * unwritable cache is a warning.
 */
class Float32CacheTest {
    @TempDir
    Path dir;

    private JsonNode run(Path cache, String out, StringWriter progress) throws Exception {
        MicroRuns micro = new MicroRuns(dir);
        return MicroRuns.engine(cache, new PrintWriter(progress)).run(micro.experiment("fp", 0), dir.resolve(out), true);
    }

    private static Path onlyEntry(Path cache) throws Exception {
        try (Stream<Path> s = Files.list(cache.resolve("fp32"))) {
            List<Path> entries = s.filter(p -> p.toString().endsWith(".json")).toList();
            assertEquals(1, entries.size(), entries.toString());
            return entries.get(0);
        }
    }

    @Test
    void emptyTruncatedOrWrongEntriesAreIgnoredWithAWarningAndRecomputed() throws Exception {
        Path cache = dir.resolve("cache");
        JsonNode first = run(cache, "first", new StringWriter());
        double top1 = first.path("sets").path("a").path("fp32").path("top1").asDouble();
        long images = first.path("sets").path("a").path("images").asLong();
        assertEquals(6, images);
        Path entry = onlyEntry(cache);
        String good = Files.readString(entry);
        for (String bad : new String[] {"", good.substring(0, good.length() / 2), "[]", "{\"images\": 0, \"top1\": 0, \"top5\": 0}",
                "{\"images\": 6, \"top1\": 7, \"top5\": 7}"}) {
            Files.writeString(entry, bad);
            StringWriter progress = new StringWriter();
            JsonNode again = run(cache, "again", progress);
            assertEquals(images, again.path("sets").path("a").path("images").asLong(), "entry '" + bad + "'");
            assertEquals(top1, again.path("sets").path("a").path("fp32").path("top1").asDouble(), "entry '" + bad + "'");
            assertTrue(progress.toString().contains("warning: ignoring the float32 cache entry " + entry), progress.toString());
            assertTrue(Float32Cache.problem(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(entry))) == null,
                    "the recomputed entry replaced the bad one");
        }
    }

    @Test
    void anUnwritableCacheIsAWarningNotALostRun() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");
        StringWriter progress = new StringWriter();
        JsonNode r = run(blocker.resolve("cache"), "run", progress);
        assertEquals(6, r.path("sets").path("a").path("images").asLong());
        assertTrue(Files.exists(dir.resolve("run/results.json")));
        assertTrue(progress.toString().contains("warning: cannot write the float32 cache entry"), progress.toString());
    }
}
