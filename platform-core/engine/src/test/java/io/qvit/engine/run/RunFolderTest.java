package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: two experiments run into the same {@code --out} at once both "succeeded" and mixed
 * their files, and a sequential reuse by another experiment left a stale {@code quant_params.json}.
 * The folder is locked for a run, a folder holding another experiment is refused unless forced,
 * and a forced reuse removes the other experiment's files (and only those).
 */
class RunFolderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSecondRunIntoAFolderInUseIsRefusedAtOnceWithOneLine() throws Exception {
        MicroRuns micro = new MicroRuns(dir);
        Path out = dir.resolve("out");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RunEngine slow = new RunEngine(micro.catalog(), dir.resolve("cache"), new PrintWriter(new StringWriter()), stage -> {
            inside.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<JsonNode> first = pool.submit(() -> slow.run(micro.experiment("one", 4), out, false));
            assertTrue(inside.await(120, TimeUnit.SECONDS), "the first run reached its first stage");
            RunFolderException e = assertThrows(RunFolderException.class,
                    () -> MicroRuns.engine(dir.resolve("cache"), new PrintWriter(new StringWriter()))
                            .run(micro.experiment("two", 0), out, true));
            assertTrue(e.getMessage().contains(out.toString()) && e.getMessage().contains("in use by another qvit run")
                    && !e.getMessage().contains("\n"), e.getMessage());
            release.countDown();
            JsonNode r = first.get(120, TimeUnit.SECONDS);
            assertEquals("one", r.path("experiment").asText());
            assertEquals("one", JSON.readTree(out.resolve("experiment.resolved.json").toFile()).path("name").asText(),
                    "the refused run wrote nothing into the folder");
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFolderHoldingAnotherExperimentIsRefusedUnlessForcedAndForcedReuseLeavesNoStaleFile() throws Exception {
        MicroRuns micro = new MicroRuns(dir);
        Path out = dir.resolve("out");
        RunEngine engine = MicroRuns.engine(dir.resolve("cache"), new PrintWriter(new StringWriter()));
        engine.run(micro.experiment("quantized", 4), out, false);
        assertTrue(Files.exists(out.resolve("quant_params.json")));
        Files.writeString(out.resolve("my-notes.txt"), "mine");
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> engine.run(micro.experiment("float", 0), out, false));
        assertTrue(e.getMessage().contains("holds another experiment ('quantized'") && e.getMessage().contains("--force"),
                e.getMessage());
        JsonNode r = engine.run(micro.experiment("float", 0), out, true);
        assertEquals("float", r.path("experiment").asText());
        assertTrue(Files.notExists(out.resolve("quant_params.json")), "no stale quant_params.json of the other experiment");
        assertEquals("mine", Files.readString(out.resolve("my-notes.txt")), "the user's file stays");
        JsonNode marker = JSON.readTree(out.resolve(RunFolder.MARKER).toFile());
        assertEquals("float", marker.path("experiment").asText());
        assertEquals(r.path("config_hash").asText(), marker.path("config_hash").asText());
        assertEquals("finished", marker.path("status").asText());
        // the same experiment again is fine without --force (its results are up to date)
        assertEquals(r.path("config_hash").asText(), engine.run(micro.experiment("float", 0), out, false).path("config_hash").asText());
    }

    @Test
    void anEditedExperimentReplacesItsEarlierResultsWithoutForce() throws Exception {
        MicroRuns micro = new MicroRuns(dir);
        Path out = dir.resolve("out");
        RunEngine engine = MicroRuns.engine(dir.resolve("cache"), new PrintWriter(new StringWriter()));
        JsonNode w4 = engine.run(micro.experiment("quantized", 4), out, false);
        String resolvedW4 = Files.readString(out.resolve("experiment.resolved.json"));
        Files.writeString(out.resolve("my-notes.txt"), "mine");
        JsonNode w8 = engine.run(micro.experiment("quantized", 8), out, false);
        assertTrue(!w4.path("config_hash").asText().equals(w8.path("config_hash").asText()));
        assertEquals(w8.path("config_hash").asText(),
                JSON.readTree(out.resolve("results.json").toFile()).path("config_hash").asText());
        assertTrue(!resolvedW4.equals(Files.readString(out.resolve("experiment.resolved.json"))),
                "the resolved experiment is the edited one");
        assertEquals("mine", Files.readString(out.resolve("my-notes.txt")), "the user's file stays");
    }

    @Test
    void aRunFolderThatIsAFileIsOneClearLine() throws Exception {
        MicroRuns micro = new MicroRuns(dir);
        Path file = Files.writeString(dir.resolve("afile"), "x");
        RunFolderException e = assertThrows(RunFolderException.class,
                () -> MicroRuns.engine(dir.resolve("cache"), new PrintWriter(new StringWriter())).run(micro.experiment("f", 0), file, false));
        assertEquals("run folder " + file + " is a file, not a folder; choose another --out", e.getMessage());
    }
}
