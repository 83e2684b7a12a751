package io.qvit.launcher.internal.runindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite runs index over synthetic run folders: build, filter, resync after a deletion, concurrent writers. */
class RunsIndexTest {
    @TempDir
    Path root;

    private void threeRuns() throws Exception {
        SyntheticRuns.write(root, "deit.fp32", SyntheticRuns.hash("aa11"), "fp32", 0, 0, 0.795, 0);
        SyntheticRuns.write(root, "deit.repq-w4a4", SyntheticRuns.hash("bb22"), "repq", 4, 0, 0.795, 0.634);
        SyntheticRuns.write(root, "deit.uniform-w8a8", SyntheticRuns.hash("cc33"), "uniform", 8, 1, 0.795, 0.796);
    }

    @Test
    void buildsFromTheFoldersAndDerivesMethodBitsAndSeed() throws Exception {
        threeRuns();
        try (RunsIndex index = RunsIndex.open(root)) {
            RunsIndex.SyncResult r = index.sync(false);
            assertEquals(3, r.recorded());
            assertEquals(List.of(), r.problems());
            List<IndexedRun> all = index.list(WhereClause.parse(null), 0);
            assertEquals(3, all.size());
            IndexedRun repq = index.list(WhereClause.parse("method=repq and bits=4"), 0).get(0);
            assertEquals("deit.repq-w4a4/bb2200000000", repq.run().path());
            assertEquals(4, repq.run().wbits());
            assertEquals(4, repq.run().abits());
            assertEquals(0L, repq.run().seed());
            assertEquals("deit_tiny_patch16_224", repq.run().arch());
            assertEquals(9.5, repq.run().calibSeconds());
            assertEquals("abc123", repq.run().commit());
            assertEquals(0.634, repq.set().quantTop1());
            assertEquals(0.795, repq.set().fp32Top1());
            IndexedRun fp32 = index.list(WhereClause.parse("method=fp32"), 0).get(0);
            assertNull(fp32.run().wbits());
            assertNull(fp32.set().quantTop1());
            assertEquals("uniform", index.list(WhereClause.parse("seed=1"), 0).get(0).run().method());
            assertEquals(2, index.list(WhereClause.parse("top1>50%"), 0).size());
            assertEquals(1, index.list(WhereClause.parse("drop>0.1"), 0).size());
            assertEquals(2, index.list(WhereClause.parse("experiment='deit.*-w*'"), 0).size());
            assertEquals(1, index.list(WhereClause.parse(null), 1).size());
        }
    }

    @Test
    void syncIsIdempotentAndDropsADeletedFolder() throws Exception {
        threeRuns();
        try (RunsIndex index = RunsIndex.open(root)) {
            index.sync(false);
            assertEquals(3, index.sync(false).recorded());
            assertEquals(3, index.list(WhereClause.parse(null), 0).size());
            Path gone = root.resolve("deit.repq-w4a4");
            try (Stream<Path> walk = Files.walk(gone)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            RunsIndex.SyncResult r = index.sync(false);
            assertEquals(2, r.recorded());
            assertEquals(1, r.dropped());
            assertEquals(0, index.list(WhereClause.parse("method=repq"), 0).size());
            assertEquals(2, index.sync(true).recorded());
            assertEquals(2, index.list(WhereClause.parse(null), 0).size());
        }
        try (RunsIndex reopened = RunsIndex.open(root)) {
            assertEquals(2, reopened.list(WhereClause.parse(null), 0).size(), "the index persists in runs-index.sqlite");
        }
    }

    @Test
    void anInjectedValueMatchesNothingAndLeavesTheTablesIntact() throws Exception {
        threeRuns();
        try (RunsIndex index = RunsIndex.open(root)) {
            index.sync(false);
            assertEquals(0, index.list(WhereClause.parse("method=\"repq' OR '1'='1\""), 0).size());
            assertEquals(0, index.list(WhereClause.parse("method=\"x'; DROP TABLE runs; --\""), 0).size());
            assertEquals(3, index.list(WhereClause.parse(null), 0).size());
        }
    }

    @Test
    void anUnreadableFolderIsSkippedAndReported() throws Exception {
        threeRuns();
        Path broken = Files.createDirectories(root.resolve("broken/0"));
        Files.writeString(broken.resolve("results.json"), "{not json");
        try (RunsIndex index = RunsIndex.open(root)) {
            RunsIndex.SyncResult r = index.sync(false);
            assertEquals(3, r.recorded());
            assertEquals(1, r.problems().size());
            assertTrue(r.problems().get(0).contains("results.json: not readable JSON"), r.problems().get(0));
        }
    }

    @Test
    void hashPrefixesResolveOnlyHexDigits() throws Exception {
        threeRuns();
        SyntheticRuns.write(root, "deit.repq-w4a4-again", SyntheticRuns.hash("bb2299"), "repq", 4, 0, 0.795, 0.64);
        try (RunsIndex index = RunsIndex.open(root)) {
            index.sync(false);
            assertEquals(List.of("deit.repq-w4a4/bb2200000000"), index.byHashPrefix("bb2200"));
            assertEquals(2, index.byHashPrefix("bb22").size());
            assertEquals(List.of(), index.byHashPrefix("bb%"));
            assertEquals(List.of(), index.byHashPrefix("ffff"));
        }
    }

    @Test
    void concurrentWritersInSeparateConnectionsLoseNothing() throws Exception {
        int perWriter = 25;
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < 2 * perWriter; i++) {
            folders.add(SyntheticRuns.write(root, "run" + i, SyntheticRuns.hash(String.format("%04x", i)), "repq", 4, i,
                    0.8, 0.5));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                List<Path> mine = folders.subList(w * perWriter, (w + 1) * perWriter);
                Callable<Integer> writer = () -> {
                    for (Path f : mine) {
                        try (RunsIndex index = RunsIndex.open(root)) { // one connection per run, as two processes would
                            index.record(f);
                        }
                    }
                    return mine.size();
                };
                done.add(pool.submit(writer));
            }
            for (Future<Integer> f : done) {
                assertEquals(perWriter, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        try (RunsIndex index = RunsIndex.open(root)) {
            assertEquals(2 * perWriter, index.list(WhereClause.parse(null), 0).size());
        }
    }
}
