package io.qvit.launcher.internal.cli;

import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.run.RunEngine;
import io.qvit.engine.run.VariantSummary;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit quickstart}: makes sure the Fashion-MNIST IDX files are present (installing Debian's
 * {@code dataset-fashion-mnist} with apt-get when running as root, otherwise printing the command
 * and exiting with 2), then runs {@code experiments/quickstart.yaml} of the installation: the
 * committed Fashion-MNIST ViT, float32 against uniform and RepQ-ViT at W8A8 and W4A4, one table.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Offline demo: install Fashion-MNIST if needed, then run experiments/quickstart.yaml and print one table.")
public final class QuickstartCommand implements Callable<Integer> {
    /** The Debian package that provides the dataset. */
    static final String PACKAGE = "dataset-fashion-mnist";
    private static final List<String> FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Inject
    private ExperimentReader reader;

    @Option(names = "--experiment", paramLabel = "FILE", description = "Experiment to run (default: experiments/quickstart.yaml of the installation).")
    private Path experimentFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Summary folder (default: runs/quickstart/<hash>).")
    private Path out;

    @Option(names = "--force", description = "Recompute finished runs.")
    private boolean force;

    /** The dataset folder: {@code $QVIT_FASHION_MNIST}, else Debian's {@code /usr/share/datasets/fashion-mnist}. */
    static Path datasetDir() {
        String env = System.getenv("QVIT_FASHION_MNIST");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of("/usr/share/datasets/fashion-mnist");
    }

    static boolean present(Path dir) {
        return FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)) || Files.isRegularFile(dir.resolve(f + ".gz")));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = datasetDir();
        if (!present(dir)) {
            if (System.getenv("QVIT_FASHION_MNIST") != null) {
                err.println("qvit quickstart: QVIT_FASHION_MNIST=" + dir + " does not hold the four Fashion-MNIST IDX files " + FILES);
                return ExitCodes.BAD_INPUT;
            }
            if (!"root".equals(System.getProperty("user.name"))) {
                err.println("qvit quickstart: Fashion-MNIST is not installed (" + dir + "). Install it with:");
                err.println("  sudo apt-get install " + PACKAGE);
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            err.println("qvit quickstart: installing " + PACKAGE + " (apt-get)...");
            err.flush();
            if (apt(err, "install", "-y", PACKAGE) != 0 && (apt(err, "update") != 0 || apt(err, "install", "-y", PACKAGE) != 0)) {
                err.println("qvit quickstart: apt-get install " + PACKAGE + " failed");
                return ExitCodes.RUN_FAILED;
            }
            if (!present(dir)) {
                err.println("qvit quickstart: " + PACKAGE + " is installed but " + dir + " lacks the IDX files");
                return ExitCodes.RUN_FAILED;
            }
        }
        Path file = experimentFile != null ? experimentFile
                : Path.of(System.getProperty("qvit.home", ".")).resolve("experiments/quickstart.yaml");
        ExperimentFile experiment = Experiments.readAndCheck(reader, file, parent.platform().registry(), err);
        if (experiment == null) {
            return ExitCodes.BAD_INPUT;
        }
        RunEngine engine = new RunEngine(parent.platform().registry(), RunCommand.cacheDir(), err);
        try {
            VariantSummary.Summary summary = VariantSummary.run(engine, experiment, RunsRecorder.DEFAULT_ROOT, out, force);
            RunsRecorder.recordVariants(summary, err);
            stdout.println(summary.table());
            stdout.println("Run folder: " + summary.folder().toAbsolutePath());
            stdout.flush();
            return ExitCodes.OK;
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IOException | QuantizationException e) {
            err.println("qvit: run failed: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }

    private static int apt(PrintWriter err, String... args) throws InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("apt-get"));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            return pb.start().waitFor();
        } catch (IOException e) {
            err.println("qvit quickstart: cannot run apt-get: " + e.getMessage());
            return 1;
        }
    }
}
