package io.qvit.launcher.internal.cli;

import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.MatrixCell;
import io.qvit.engine.run.RunEngine;
import io.qvit.engine.sweep.CellState;
import io.qvit.engine.sweep.LocalExecutor;
import io.qvit.engine.sweep.SlurmExecutor;
import io.qvit.engine.sweep.SlurmOptions;
import io.qvit.engine.sweep.SweepFolder;
import io.qvit.engine.sweep.SweepSummary;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit sweep FILE}: runs every cell of a matrix experiment that has no finished results of
 * its current resolved experiment, each in {@code DIR/cells/<id>/}, then writes the merged report
 * ({@code summary.csv}, {@code summary.md}, {@code summary.json}, {@code report.html} and
 * {@code plots/}) into {@code DIR}. {@code --status} shows each cell's state, {@code --collect}
 * rewrites the report from what has finished. With {@code --executor slurm} the cells go to one
 * SLURM job array and the command returns at once. A sweep folder outside the runs root gets its
 * own runs index, where its cells record themselves; the sweep records its finished cells again
 * when its cells are done (and on {@code --collect}).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run the cells of a matrix experiment and merge their results into one report.")
public final class SweepCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Inject
    private ExperimentReader reader;

    @Parameters(paramLabel = "FILE", description = "The experiment file with a 'matrix'.")
    private Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: runs/<name>/sweep).")
    private Path out;

    @Option(names = "--executor", paramLabel = "local|slurm", defaultValue = "local",
            description = "Where cells run: local (child processes on this machine) or slurm (one job array).")
    private String executor;

    @Option(names = "--partition", paramLabel = "P", description = "slurm: the partition (default: the cluster's).")
    private String partition;

    @Option(names = "--time", paramLabel = "T", description = "slurm: time limit per cell, e.g. 02:00:00.")
    private String time;

    @Option(names = "--mem", paramLabel = "M", description = "slurm: memory per cell, e.g. 8G.")
    private String memory;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "0",
            description = "slurm: at most N cells at once (default: no limit).")
    private int maxParallel;

    @Option(names = "--sbatch", paramLabel = "CMD", defaultValue = "sbatch", description = "slurm: the sbatch command.")
    private String sbatch;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "Cells run at once (local; default 1).")
    private int jobs;

    @Option(names = "--threads", paramLabel = "T",
            description = "Cores per cell (local default: this machine's cores / --jobs, and jobs × threads must not exceed the cores;"
                    + " slurm: --cpus-per-task, default 1).")
    private Integer threads;

    @Option(names = "--cells", paramLabel = "ID", split = ",", description = "Only these cells (comma-separated ids).")
    private List<String> only;

    @Option(names = "--status", description = "Show each cell's state and stop.")
    private boolean status;

    @Option(names = "--collect", description = "Write the report from the finished cells and stop.")
    private boolean collect;

    @Option(names = "--force", description = "Rerun cells that have finished results.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<MatrixCell> cells = Experiments.readAndCheckCells(reader, file, parent.platform().registry(), err);
        if (cells == null) {
            return ExitCodes.BAD_INPUT;
        }
        if (cells.get(0).id() == null) {
            err.println(file + ": has no 'matrix'; run it with 'qvit run " + file + "' (docs/sweeps.md)");
            return ExitCodes.BAD_INPUT;
        }
        String name = sweepName(cells.get(0));
        cells = selected(cells, err);
        if (cells == null) {
            return ExitCodes.BAD_INPUT;
        }
        SweepFolder folder = new SweepFolder(out != null ? out : Path.of("runs", name, "sweep"));
        SweepSummary summary = new SweepSummary(name, cells, folder);
        if (status) {
            stdout.println(statusTable(cells, folder));
            stdout.flush();
            return ExitCodes.OK;
        }
        if (!collect) {
            if (!"local".equals(executor) && !"slurm".equals(executor)) {
                err.println("qvit sweep: --executor " + executor + " is not known (known: local, slurm)");
                return ExitCodes.BAD_INPUT;
            }
            boolean slurm = "slurm".equals(executor);
            int cores = Runtime.getRuntime().availableProcessors();
            int perCell = threads != null ? threads : slurm ? 1 : Math.max(1, cores / Math.max(1, jobs));
            if (!slurm && (jobs < 1 || perCell < 1 || (long) jobs * perCell > cores)) {
                err.println("qvit sweep: --jobs " + jobs + " × --threads " + perCell + " must be between 1 and this machine's "
                        + cores + " cores (no oversubscription)");
                return ExitCodes.BAD_INPUT;
            }
            RunEngine engine = new RunEngine(parent.platform().registry(), RunCommand.cacheDir(), err);
            List<String> todo = new ArrayList<>();
            for (MatrixCell c : cells) {
                try {
                    if (force || !folder.finished(c.id(), engine.configHash(c.file()))) {
                        todo.add(c.id());
                    }
                } catch (ExperimentException e) {
                    err.println(e.getMessage());
                    return ExitCodes.BAD_INPUT;
                }
            }
            RunsRecorder.prepareSweep(folder.root(), folder.cell("cell"), err);
            Path experiment = file.toAbsolutePath();
            stdout.println("qvit sweep: " + cells.size() + " cells, " + (cells.size() - todo.size()) + " finished, "
                    + todo.size() + " to run (" + (slurm ? "a SLURM job array" : jobs + " at a time") + ", " + perCell
                    + " threads each) in " + folder.root().toAbsolutePath());
            stdout.flush();
            if (slurm && !todo.isEmpty()) {
                SlurmOptions options;
                try {
                    options = new SlurmOptions(partition, time, memory, perCell, maxParallel);
                } catch (IllegalArgumentException e) {
                    err.println("qvit sweep: " + e.getMessage());
                    return ExitCodes.BAD_INPUT;
                }
                String id = SlurmExecutor.cellPlaceholder();
                String jobId = new SlurmExecutor(folder, options, sbatch).submit(name, todo, SelfCommand.of(parent.layout(),
                        perCell, runArgs(experiment, id, folder.root().toAbsolutePath().resolve("cells").toString() + "/" + id)));
                stdout.println("qvit sweep: submitted SLURM job array " + jobId + " (" + todo.size() + " cells); follow it with"
                        + " 'qvit sweep " + file + " --out " + folder.root() + " --status', merge with '--collect'");
                stdout.flush();
                return ExitCodes.OK;
            }
            Map<String, Integer> codes = new LocalExecutor(folder, jobs, id -> SelfCommand.of(parent.layout(), perCell,
                    runArgs(experiment, id, folder.cell(id).toAbsolutePath().toString())), stdout).run(todo);
            codes.values().removeIf(code -> code == 0);
            recordFinished(cells, folder, err);
            if (!codes.isEmpty()) {
                summary.write();
                err.println("qvit sweep: " + codes.size() + " of " + todo.size() + " cells failed:");
                for (String id : codes.keySet()) {
                    err.println("  " + id + " (exit " + codes.get(id) + "), " + folder.log(id) + ":");
                    folder.logTail(id, 5).forEach(l -> err.println("    " + l));
                }
                err.println("Rerun the same command to retry them; finished cells are not recomputed.");
                err.flush();
                return ExitCodes.RUN_FAILED;
            }
        }
        if (collect) {
            recordFinished(cells, folder, err);
        }
        stdout.println(summary.write());
        stdout.println("Report: " + folder.root().resolve("summary.md").toAbsolutePath() + " and "
                + folder.root().resolve("report.html").toAbsolutePath() + " (plots in plots/)");
        stdout.flush();
        return ExitCodes.OK;
    }

    /**
     * Records every finished cell in its runs index: a cell records itself when it finishes, but a
     * sweep killed between a cell's results and its record would otherwise leave it out for good
     * (a finished cell never runs again).
     */
    private static void recordFinished(List<MatrixCell> cells, SweepFolder folder, PrintWriter err) throws java.io.IOException {
        List<Path> finished = new ArrayList<>();
        for (MatrixCell c : cells) {
            if (folder.state(c.id()) == CellState.FINISHED) {
                finished.add(folder.cell(c.id()));
            }
        }
        RunsRecorder.record(finished, err);
    }

    /** {@code run FILE --cell ID --out DIR} (and {@code --force} with {@code --force}). */
    private List<String> runArgs(Path experiment, String id, String cellFolder) {
        List<String> args = new ArrayList<>(List.of("run", experiment.toString(), "--cell", id, "--out", cellFolder));
        if (force) {
            args.add("--force");
        }
        return args;
    }

    private List<MatrixCell> selected(List<MatrixCell> cells, PrintWriter err) {
        if (only == null || only.isEmpty()) {
            return cells;
        }
        List<String> ids = cells.stream().map(MatrixCell::id).toList();
        for (String id : only) {
            if (!ids.contains(id)) {
                err.println("qvit sweep: --cells: no cell '" + id + "' in " + file + " (qvit validate --expand lists them)");
                err.flush();
                return null;
            }
        }
        return cells.stream().filter(c -> only.contains(c.id())).toList();
    }

    private static String sweepName(MatrixCell cell) {
        String n = cell.file().spec().name();
        return n.substring(0, n.length() - cell.id().length() - 1);
    }

    private static String statusTable(List<MatrixCell> cells, SweepFolder folder) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(4, cells.stream().mapToInt(c -> c.id().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-10s  %s%n", "cell", "state", "top-1 (first set) / log tail"));
        for (MatrixCell c : cells) {
            CellState state = folder.state(c.id());
            String detail = "";
            if (state == CellState.FINISHED) {
                var sets = folder.results(c.id()).path("sets");
                var first = sets.elements().hasNext() ? sets.elements().next() : null;
                if (first != null) {
                    var h = first.path("quantized").isObject() ? first.path("quantized") : first.path("fp32");
                    detail = String.format(Locale.ROOT, "%.2f%%", 100 * h.path("top1").asDouble());
                }
            } else if (state == CellState.FAILED) {
                List<String> tail = folder.logTail(c.id(), 1);
                detail = tail.isEmpty() ? "" : tail.get(0);
            }
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-10s  %s%n", c.id(),
                    state.name().toLowerCase(Locale.ROOT), detail));
        }
        Path job = folder.root().resolve("slurm/job_id");
        if (java.nio.file.Files.isRegularFile(job)) {
            String id = java.nio.file.Files.readString(job).strip();
            sb.append("SLURM job array ").append(id).append(" (squeue -j ").append(id).append("; task logs in ")
                    .append(folder.root().resolve("slurm")).append(")\n");
        }
        return sb.toString().stripTrailing();
    }
}
