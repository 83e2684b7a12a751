package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.run.RunEngine;
import io.qvit.engine.run.RunFolderException;
import io.qvit.engine.run.VariantSummary;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
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
 * {@code qvit run FILE [--out DIR]}: validates and runs an experiment, writing
 * {@code results.json}, {@code provenance.json} and the resolved experiment into the run folder
 * ({@code DIR}, or {@code runs/<name>/<config hash>/}), then prints the accuracy table. An experiment
 * with {@code variants} runs each into its own folder and prints one table of all
 * ({@link VariantSummary}; {@code DIR} is then the summary folder). {@code --cell ID} runs one cell
 * of a matrix experiment (what a sweep's executors run). Every folder a finished run wrote is recorded
 * in its runs index ({@link RunsRecorder}, docs/runs-index.md).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment file; results go to --out DIR or runs/<name>/<config hash>/.")
public final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Inject
    private ExperimentReader reader;

    @Parameters(paramLabel = "FILE", description = "The experiment file.")
    private Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/<name>/<config hash>).")
    private Path out;

    @Option(names = "--cell", paramLabel = "ID",
            description = "Run one cell of a matrix experiment (qvit validate --expand FILE lists the ids).")
    private String cell;

    @Option(names = "--force", description = "Recompute even if the run folder holds finished results, and replace "
            + "another experiment's results in it.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out != null && java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            err.println("qvit: --out " + out + " is a file, not a folder; choose another --out");
            return ExitCodes.BAD_INPUT;
        }
        ExperimentFile experiment = cell != null
                ? Experiments.readAndCheckCell(reader, file, cell, parent.platform().registry(), err)
                : Experiments.readAndCheck(reader, file, parent.platform().registry(), err);
        if (experiment == null) {
            return ExitCodes.BAD_INPUT;
        }
        RunEngine engine = new RunEngine(parent.platform().registry(), cacheDir(), err);
        try {
            if (!experiment.spec().variants().isEmpty()) {
                VariantSummary.Summary summary = VariantSummary.run(engine, experiment, RunsRecorder.DEFAULT_ROOT, out, force);
                RunsRecorder.recordVariants(summary, err);
                stdout.println(summary.table());
                stdout.println("Run folder: " + summary.folder().toAbsolutePath());
                stdout.flush();
                return ExitCodes.OK;
            }
            Path runDir = out != null ? out : engine.runFolder(experiment, RunsRecorder.DEFAULT_ROOT);
            JsonNode results = engine.run(experiment, runDir, force);
            RunsRecorder.record(runDir, results, err);
            stdout.println(table(results));
            stdout.println("Run folder: " + runDir.toAbsolutePath());
            stdout.flush();
            return ExitCodes.OK;
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (RunFolderException e) {
            err.println("qvit: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | QuantizationException | io.qvit.api.deploy.DeploymentException e) {
            err.println("qvit: run failed: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }

    /** The float32 result cache: system property {@code qvit.cache}, else {@code $QVIT_CACHE}, else ~/.cache/qvit. */
    static Path cacheDir() {
        String env = System.getProperty("qvit.cache", System.getenv("QVIT_CACHE"));
        return env != null && !env.isEmpty() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".cache", "qvit");
    }

    /**
     * The accuracy table printed at the end of a run; with an integer path also the simulation with
     * the kernel's non-linearities, the integer accuracy and the top-1 agreements.
     */
    static String table(JsonNode results) {
        boolean integer = results.path("integer").isObject();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-16s %8s %10s %10s %12s %12s",
                "set", "images", "fp32 top1", "fp32 top5", "quant top1", "quant top5"));
        sb.append(integer ? String.format(Locale.ROOT, " %10s %10s %10s %10s %10s%n", "sim top1", "int top1", "int top5",
                "agree q", "agree sim") : "\n");
        Iterator<Map.Entry<String, JsonNode>> sets = results.path("sets").fields();
        while (sets.hasNext()) {
            Map.Entry<String, JsonNode> e = sets.next();
            JsonNode s = e.getValue();
            JsonNode q = s.path("quantized");
            sb.append(String.format(Locale.ROOT, "%-16s %8d %9.2f%% %9.2f%% %12s %12s", e.getKey(), s.path("images").asLong(),
                    100 * s.path("fp32").path("top1").asDouble(), 100 * s.path("fp32").path("top5").asDouble(),
                    q.isNull() || q.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * q.path("top1").asDouble()),
                    q.isNull() || q.isMissingNode() ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * q.path("top5").asDouble())));
            if (integer) {
                JsonNode in = s.path("integer");
                JsonNode agree = in.path("top1_agreement_with_quantized");
                JsonNode agreeSim = in.path("top1_agreement_with_simulated_integer");
                sb.append(String.format(Locale.ROOT, " %9.2f%% %9.2f%% %9.2f%% %10s %10s",
                        100 * s.path("simulated_integer").path("top1").asDouble(), 100 * in.path("top1").asDouble(),
                        100 * in.path("top5").asDouble(),
                        agree.isNumber() ? String.format(Locale.ROOT, "%.2f%%", 100 * agree.asDouble()) : "-",
                        agreeSim.isNumber() ? String.format(Locale.ROOT, "%.2f%%", 100 * agreeSim.asDouble()) : "-"));
            }
            JsonNode deploy = s.path("deploy");
            if (deploy.isObject()) {
                sb.append(DeployColumns.of(deploy));
            }
            sb.append("\n");
        }
        return sb.toString().stripTrailing();
    }
}
