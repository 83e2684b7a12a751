package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.launcher.internal.runindex.IndexRoot;
import io.qvit.launcher.internal.runindex.RunsIndex;
import io.qvit.launcher.internal.runindex.RunsIndexException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Records the folders a finished {@code qvit run} wrote in the runs index they belong to
 * ({@link IndexRoot}): the run folder, and for a repeat over seeds each seed's folder too. A
 * failure to record is a warning: the run itself succeeded.
 */
final class RunsRecorder {
    /** The default runs root of {@code qvit run}, relative to the working directory. */
    static final Path DEFAULT_ROOT = Path.of("runs");

    private RunsRecorder() {
    }

    /** Records {@code runDir} (whose results are {@code results}) and the seed folders of a repeat. */
    static void record(Path runDir, JsonNode results, PrintWriter err) {
        List<Path> folders = new ArrayList<>();
        Iterator<JsonNode> seeds = results.path("repeat").path("runs").elements();
        while (seeds.hasNext()) {
            folders.add(runDir.resolveSibling(seeds.next().asText()));
        }
        folders.add(runDir);
        record(folders, err);
    }

    /** Records the run folder of every variant of a variant summary ({@code variants[].run_folder}). */
    static void recordVariants(io.qvit.engine.run.VariantSummary.Summary summary, PrintWriter err) {
        List<Path> folders = new ArrayList<>();
        summary.document().path("variants").forEach(v -> folders.add(Path.of(v.path("run_folder").asText())));
        record(folders, err);
    }

    /** Records each of {@code folders}. */
    static void record(List<Path> folders, PrintWriter err) {
        for (Path folder : folders) {
            Path root = IndexRoot.of(folder, DEFAULT_ROOT);
            try (RunsIndex index = RunsIndex.open(root)) {
                index.record(folder);
            } catch (RunsIndexException e) {
                err.println("qvit: warning: " + folder + " was not recorded in the runs index: " + e.getMessage());
                err.flush();
            }
        }
    }

    /**
     * Creates the runs index of the sweep folder {@code sweepRoot} when its cells (such as
     * {@code cell}) would otherwise be recorded in the index of their {@code cells/} folder: the
     * sweep lies outside the default runs root and below no other index.
     */
    static void prepareSweep(Path sweepRoot, Path cell, PrintWriter err) {
        Path root = IndexRoot.of(cell, DEFAULT_ROOT);
        if (RunsIndex.exists(root) || root.equals(DEFAULT_ROOT.toAbsolutePath().normalize())) {
            return;
        }
        try (RunsIndex index = RunsIndex.open(sweepRoot)) {
            index.root();
        } catch (RunsIndexException e) {
            err.println("qvit: warning: cannot create the runs index of " + sweepRoot + ": " + e.getMessage());
            err.flush();
        }
    }
}
