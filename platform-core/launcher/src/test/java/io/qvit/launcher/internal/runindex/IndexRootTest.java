package io.qvit.launcher.internal.runindex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which index a run folder is recorded in: nearest existing index above it, else the runs root, else its parent. */
class IndexRootTest {
    @TempDir
    Path dir;

    @Test
    void nearestIndexThenRunsRootThenParent() throws Exception {
        Path runs = dir.resolve("runs");
        Path inRuns = runs.resolve("deit.repq/abc");
        assertEquals(runs.toAbsolutePath(), IndexRoot.of(inRuns, runs));
        Path outside = dir.resolve("elsewhere/mine");
        assertEquals(dir.resolve("elsewhere").toAbsolutePath(), IndexRoot.of(outside, runs));

        Path sweep = dir.resolve("sweeps/table");
        try (RunsIndex index = RunsIndex.open(sweep)) {
            index.root();
        }
        assertEquals(sweep.toAbsolutePath(), IndexRoot.of(sweep.resolve("cells/repq_4"), runs));
        Files.createDirectories(runs);
        try (RunsIndex index = RunsIndex.open(runs.resolve("deit.repq"))) {
            index.root();
        }
        assertEquals(runs.resolve("deit.repq").toAbsolutePath(), IndexRoot.of(inRuns, runs), "a nearer index wins");
    }
}
