package io.qvit.launcher.internal.cli;

import io.qvit.data.DatasetFormatException;
import io.qvit.training.FashionMnistTraining;
import io.qvit.training.TrainingOptions;
import io.qvit.training.VitArchitecture;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qvit train}: trains the quickstart ViT ({@link VitArchitecture#fashionMnist()}) on the
 * Fashion-MNIST training split with ND4J SameDiff and writes a timm-style safetensors checkpoint.
 * Defaults are the settings of the committed {@code experiments/quickstart/fashion-vit.safetensors}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the quickstart ViT on Fashion-MNIST (seeded, deterministic) and write a safetensors checkpoint.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Folder of the Fashion-MNIST IDX files (default: $QVIT_FASHION_MNIST or "
            + "/usr/share/datasets/fashion-mnist).")
    private Path data;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Checkpoint to write (.safetensors).")
    private Path out;

    @Option(names = "--epochs", description = "Passes over the 60,000 training images (default ${DEFAULT-VALUE}).")
    private int epochs = TrainingOptions.quickstart().epochs();

    @Option(names = "--batch", description = "Images per step (default ${DEFAULT-VALUE}).")
    private int batch = TrainingOptions.quickstart().batchSize();

    @Option(names = "--lr", description = "Peak learning rate of AdamW (default ${DEFAULT-VALUE}).")
    private double lr = TrainingOptions.quickstart().learningRate();

    @Option(names = "--weight-decay", description = "Decoupled weight decay (default ${DEFAULT-VALUE}).")
    private double weightDecay = TrainingOptions.quickstart().weightDecay();

    @Option(names = "--warmup", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    private int warmup = TrainingOptions.quickstart().warmupSteps();

    @Option(names = "--seed", description = "Seed of the initialisation and shuffling (default ${DEFAULT-VALUE}).")
    private long seed = TrainingOptions.quickstart().seed();

    @Option(names = "--threads", description = "ND4J threads (default ${DEFAULT-VALUE}; the loss curve depends on it).")
    private int threads = TrainingOptions.quickstart().threads();

    @Option(names = "--steps", description = "Stop after N steps (default: all epochs).")
    private int steps;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = data != null ? data : QuickstartCommand.datasetDir();
        if (!out.getFileName().toString().endsWith(".safetensors")) {
            err.println("qvit train: --out " + out + ": the checkpoint must be a .safetensors file");
            return ExitCodes.BAD_INPUT;
        }
        TrainingOptions options;
        try {
            options = new TrainingOptions(epochs, batch, lr, weightDecay, warmup, seed, threads);
        } catch (IllegalArgumentException e) {
            err.println("qvit train: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        if (!Files.isDirectory(dir)) {
            err.println("qvit train: --data " + dir + ": no such folder (install the dataset: sudo apt-get install dataset-fashion-mnist)");
            return ExitCodes.BAD_INPUT;
        }
        try {
            FashionMnistTraining.run(dir, out, VitArchitecture.fashionMnist(), options, steps, err);
            return ExitCodes.OK;
        } catch (DatasetFormatException | NoSuchFileException | IllegalArgumentException e) {
            err.println("qvit train: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
    }
}
