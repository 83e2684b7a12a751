package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.quant.SiteGroups;
import io.qvit.engine.run.RunEngine;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit sensitivity FILE}: which layers hurt. Calibrates the experiment's quantization once,
 * then quantizes one group of sites at a time (and all but that group) and reports the top-1 of
 * each on the first images of the first evaluation set.
 */
@Command(name = "sensitivity", mixinStandardHelpOptions = true,
        description = "Per-layer sensitivity: top-1 with one site group quantized at a time, and with all but it.")
public final class SensitivityCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Inject
    private ExperimentReader reader;

    @Parameters(paramLabel = "FILE", description = "The experiment file (needs a quantization section).")
    private Path file;

    @Option(names = "--by", defaultValue = "block", description = "Group sites by 'block' or 'role' (default ${DEFAULT-VALUE}).")
    private String by;

    @Option(names = "--limit", defaultValue = "200", description = "Images of the first evaluation set (default ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Where sensitivity.json/.md go (default: the run folder).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SiteGroups grouping;
        try {
            grouping = SiteGroups.parse(by);
        } catch (IllegalArgumentException e) {
            err.println("qvit: --by: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        ExperimentFile experiment = Experiments.readAndCheck(reader, file, parent.platform().registry(), err);
        if (experiment == null) {
            return ExitCodes.BAD_INPUT;
        }
        try {
            RunEngine engine = new RunEngine(parent.platform().registry(), RunCommand.cacheDir(), err);
            Path dir = out != null ? out : engine.runFolder(experiment, Path.of("runs"));
            JsonNode result = engine.sensitivity(experiment, dir, grouping, limit);
            stdout.println(Files.readString(dir.resolve("sensitivity.md")));
            stdout.println("Written: " + dir.resolve("sensitivity.json").toAbsolutePath() + " (" + result.path("groups").size()
                    + " groups)");
            stdout.flush();
            return ExitCodes.OK;
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | QuantizationException e) {
            err.println("qvit: sensitivity failed: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }
}
