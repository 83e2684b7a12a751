package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.runindex.RunsIndex;
import io.qvit.launcher.internal.runindex.RunsIndexException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qvit runs index [--root DIR] [--rebuild]}: brings the runs index in line with the run
 * folders below the root (records every folder with a {@code results.json}, drops rows whose
 * folder is gone); {@code --rebuild} empties it first.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Update the runs index from the run folders below the root (--rebuild: from scratch).")
public final class RunsIndexCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "runs", description = "The runs root (default: runs).")
    private Path root;

    @Option(names = "--rebuild", description = "Empty the index first, then record every run folder.")
    private boolean rebuild;

    /** The index of {@code root}, built from its folders first when it does not exist yet. */
    static RunsIndex openBuilt(Path root, PrintWriter err) throws RunsIndexException {
        boolean fresh = !RunsIndex.exists(root);
        RunsIndex index = RunsIndex.open(root);
        if (fresh) {
            try {
                RunsIndex.SyncResult r = index.sync(false);
                r.problems().forEach(p -> err.println("qvit: skipped: " + p));
                err.println("qvit: indexed " + r.recorded() + " run folders in " + root.resolve(RunsIndex.FILE) + " (first use)");
                err.flush();
            } catch (RunsIndexException e) {
                index.close();
                throw e;
            }
        }
        return index;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(root)) {
            err.println("qvit runs index: --root " + root + ": no such folder");
            return ExitCodes.BAD_INPUT;
        }
        try (RunsIndex index = RunsIndex.open(root)) {
            RunsIndex.SyncResult r = index.sync(rebuild);
            r.problems().forEach(p -> err.println("qvit: skipped: " + p));
            err.flush();
            out.println("Indexed " + r.recorded() + " run folder" + (r.recorded() == 1 ? "" : "s") + " in "
                    + root.resolve(RunsIndex.FILE) + (rebuild ? " (rebuilt)" : " (" + r.dropped() + " gone)"));
            out.flush();
            return ExitCodes.OK;
        } catch (RunsIndexException e) {
            err.println("qvit: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }
}
