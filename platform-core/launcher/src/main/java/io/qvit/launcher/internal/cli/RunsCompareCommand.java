package io.qvit.launcher.internal.cli;

import io.qvit.launcher.internal.runindex.RunComparison;
import io.qvit.launcher.internal.runindex.RunFolderReader;
import io.qvit.launcher.internal.runindex.RunsIndex;
import io.qvit.launcher.internal.runindex.RunsIndexException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code qvit runs compare RUN RUN [--root DIR]}: the keys in which two runs' resolved experiments
 * differ and their per-set top-1/top-5 side by side with the difference. A RUN is a run folder or
 * a prefix of a config hash in the root's index.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs (folders or config-hash prefixes): differing keys, per-set accuracy and Δ.")
public final class RunsCompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "runs",
            description = "The runs root whose index resolves hash prefixes (default: runs).")
    private Path root;

    @Parameters(arity = "2", paramLabel = "RUN", description = "A run folder or a config-hash prefix (A, then B).")
    private List<String> runs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path a = resolve(runs.get(0), err);
            Path b = resolve(runs.get(1), err);
            out.println(RunComparison.render(a, b));
            out.flush();
            return ExitCodes.OK;
        } catch (RunsIndexException e) {
            err.println("qvit runs compare: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }

    private Path resolve(String run, PrintWriter err) throws RunsIndexException {
        Path asPath = Path.of(run);
        if (Files.isDirectory(asPath)) {
            if (!RunFolderReader.isRunFolder(asPath)) {
                throw new RunsIndexException(run + ": has no results.json; not a finished run folder");
            }
            return asPath;
        }
        if (!run.matches("[0-9a-f]{4,64}")) {
            throw new RunsIndexException(run + ": neither a run folder nor a config-hash prefix (4 to 64 hex digits)");
        }
        if (!Files.isDirectory(root)) {
            throw new RunsIndexException(run + ": not a folder, and --root " + root + " (where hash prefixes are looked up) does not exist");
        }
        List<String> paths;
        try (RunsIndex index = RunsIndexCommand.openBuilt(root, err)) {
            paths = index.byHashPrefix(run);
        }
        if (paths.isEmpty()) {
            throw new RunsIndexException(run + ": no run in " + root.resolve(RunsIndex.FILE)
                    + " has a config hash starting so ('qvit runs index' refreshes it)");
        }
        if (paths.size() > 1) {
            throw new RunsIndexException(run + ": ambiguous, " + paths.size() + " runs have a config hash starting so: "
                    + String.join(", ", paths.subList(0, Math.min(5, paths.size()))) + (paths.size() > 5 ? ", ..." : ""));
        }
        Path folder = root.resolve(paths.get(0));
        if (!RunFolderReader.isRunFolder(folder)) {
            throw new RunsIndexException(run + ": its folder " + folder + " is gone ('qvit runs index' drops it)");
        }
        return folder;
    }
}
