package io.qvit.training;

import io.qvit.data.IdxDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Trains {@link VitArchitecture#fashionMnist()} on the Fashion-MNIST training split (IDX files, as
 * Debian's {@code dataset-fashion-mnist} installs them) and writes the checkpoint with its
 * architecture, preprocessing, training settings and test accuracy in the metadata. What
 * {@code qvit train} runs.
 */
public final class FashionMnistTraining {
    /** Where Debian's {@code dataset-fashion-mnist} package installs the IDX files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private FashionMnistTraining() {
    }

    /**
     * Trains and writes {@code out}.
     *
     * @param data folder with {@code train-images-idx3-ubyte(.gz)} and the other three IDX files
     * @param maxSteps stop after this many steps (0: train all epochs)
     * @return the training figures; the test accuracy is that of the written checkpoint
     */
    public static TrainingResult run(Path data, Path out, VitArchitecture arch, TrainingOptions options, int maxSteps,
                                     PrintWriter progress) throws IOException {
        VitTrainer.configureThreads(options.threads());
        progress.println("qvit train: reading " + data);
        progress.flush();
        TrainingData train = TrainingData.load(IdxDataset.mnistSplit(data, true), arch);
        TrainingData test = TrainingData.load(IdxDataset.mnistSplit(data, false), arch);
        SameDiffVit model = SameDiffVit.initialized(arch, options.seed());
        TrainingResult result = new VitTrainer(progress).train(model, train, test, options, maxSteps);
        double accuracy = result.epochTestAccuracy().isEmpty() ? VitTrainer.accuracy(model, test, 500)
                : result.epochTestAccuracy().get(result.epochTestAccuracy().size() - 1);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("source", "qvit train (io.qvit.training), Fashion-MNIST train split");
        extra.put("training", String.format(Locale.ROOT,
                "{\"epochs\":%d,\"batch_size\":%d,\"learning_rate\":%s,\"weight_decay\":%s,\"warmup_steps\":%d,\"seed\":%d,"
                        + "\"threads\":%d,\"steps\":%d,\"optimizer\":\"adamw\",\"schedule\":\"warmup-cosine\"}",
                options.epochs(), options.batchSize(), options.learningRate(), options.weightDecay(),
                options.warmupSteps(), options.seed(), options.threads(), result.stepLosses().size()));
        extra.put("test_top1", String.format(Locale.ROOT, "%.4f", accuracy));
        extra.put("classes", "T-shirt/top,Trouser,Pullover,Dress,Coat,Sandal,Shirt,Sneaker,Bag,Ankle boot");
        VitCheckpoint.write(out, model, extra);
        progress.println(String.format(Locale.ROOT, "qvit train: %s (%d bytes), test top-1 %.2f%%, %.0f s of training",
                out, Files.size(out), 100 * accuracy, result.seconds()));
        progress.flush();
        return result;
    }
}
