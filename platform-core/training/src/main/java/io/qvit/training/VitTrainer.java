package io.qvit.training;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.ListenerVariables;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Trains a {@link SameDiffVit} for classification with SameDiff's autodiff: mean cross-entropy,
 * AdamW ({@link Adam} plus decoupled weight decay {@code p *= 1 - lr * wd} after each step, not applied to biases, LayerNorm
 * parameters, {@code pos_embed} and {@code cls_token}, as timm's {@code param_groups_weight_decay}),
 * warm-up and cosine decay ({@link WarmupCosineSchedule}), batches in a seeded random order
 * ({@code SplittableRandom(seed + epoch)} Fisher-Yates), and a progress bar with loss and accuracy.
 * The same seed, data and thread count give the same loss curve.
 */
public final class VitTrainer {
    /**
     * Steps between explicit collections. SameDiff leaves each step's activations and gradients
     * (tens of MB) to be freed when the garbage collector finalises their Java handles; the heap
     * barely grows, so without this the native memory of a long run reached 20 GB (measured) before
     * JavaCPP's limit forced a collection.
     */
    private static final int GC_EVERY_STEPS = 10;

    private final PrintWriter progress;

    /** A trainer reporting to {@code progress}. */
    public VitTrainer(PrintWriter progress) {
        this.progress = progress;
    }

    /** Sets ND4J's compute threads (OpenMP and BLAS) once, before the first operation. */
    public static void configureThreads(int threads) {
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
    }

    /**
     * Trains {@code model} in place on {@code train}; after each epoch, evaluates on {@code test} if it
     * is not null.
     *
     * @param maxSteps stop after this many steps in total (0: no limit), for short runs such as tests
     */
    public TrainingResult train(SameDiffVit model, TrainingData train, TrainingData test, TrainingOptions options, int maxSteps) {
        int stepsPerEpoch = train.size() / options.batchSize();
        if (stepsPerEpoch == 0) {
            throw new IllegalArgumentException("the training set (" + train.size() + " images) is smaller than one batch of "
                    + options.batchSize());
        }
        int total = stepsPerEpoch * options.epochs();
        if (maxSteps > 0) {
            total = Math.min(total, maxSteps);
        }
        SameDiff sd = model.sameDiff();
        List<String> decayed = new ArrayList<>();
        List<String> all = new ArrayList<>(model.architecture().parameterShapes().keySet());
        for (String name : all) {
            if (name.endsWith(".weight") && !name.contains("norm")) {
                decayed.add(name);
            }
        }
        WarmupCosineSchedule schedule = new WarmupCosineSchedule(options.learningRate(), options.warmupSteps(), total);
        TrainingConfig config = new TrainingConfig.Builder()
                .updater(new Adam(schedule))
                .dataSetFeatureMapping(SameDiffVit.INPUT)
                .dataSetLabelMapping(SameDiffVit.LABELS)
                .build();
        sd.setTrainingConfig(config);
        quietly(sd::createGradFunction);
        AccuracyListener accuracy = new AccuracyListener();
        TrainingProgress bar = new TrainingProgress(progress);
        List<Double> stepLosses = new ArrayList<>();
        List<Double> epochLosses = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> testAcc = new ArrayList<>();
        long start = System.nanoTime();
        int step = 0;
        int epochs = (total + stepsPerEpoch - 1) / stepsPerEpoch;
        for (int epoch = 0; epoch < epochs && step < total; epoch++) {
            long epochStart = System.nanoTime();
            int[] order = shuffled(train.identity(), options.seed() + epoch);
            double lossSum = 0;
            int steps = Math.min(stepsPerEpoch, total - step);
            accuracy.reset();
            for (int s = 0; s < steps; s++, step++) {
                int from = s * options.batchSize();
                int to = from + options.batchSize();
                accuracy.labels = train.labels(order, from, to);
                DataSet batch = new DataSet(train.images(order, from, to), accuracy.labels);
                sd.fit(batch, accuracy);
                batch.getFeatures().close();
                if (s % GC_EVERY_STEPS == GC_EVERY_STEPS - 1) {
                    System.gc(); // see GC_EVERY_STEPS
                }
                double loss = accuracy.lastLoss;
                double keep = 1 - schedule.valueAt(step, epoch) * options.weightDecay();
                for (String name : decayed) {
                    sd.getVariable(name).getArr().muli(keep); // decoupled weight decay (AdamW)
                }
                stepLosses.add(loss);
                lossSum += loss;
                double secs = (System.nanoTime() - epochStart) / 1e9;
                bar.update(epoch + 1, epochs, s + 1, steps, lossSum / (s + 1), accuracy.accuracy(),
                        (s + 1) * options.batchSize() / Math.max(secs, 1e-9));
            }
            double t = test == null ? Double.NaN : accuracy(model, test, 500);
            epochLosses.add(lossSum / steps);
            trainAcc.add(accuracy.accuracy());
            if (test != null) {
                testAcc.add(t);
            }
            bar.endEpoch(epoch + 1, epochs, lossSum / steps, accuracy.accuracy(), t, (System.nanoTime() - epochStart) / 1e9);
        }
        return new TrainingResult(stepLosses, epochLosses, trainAcc, testAcc, (System.nanoTime() - start) / 1e9);
    }

    /** Top-1 of {@code model} on {@code data}, {@code batch} images per forward pass. */
    public static double accuracy(SameDiffVit model, TrainingData data, int batch) {
        int[] order = data.identity();
        long correct = 0;
        for (int from = 0; from < data.size(); from += batch) {
            int to = Math.min(data.size(), from + batch);
            INDArray predicted = model.logits(data.images(order, from, to)).argMax(1);
            for (int i = from; i < to; i++) {
                if (predicted.getInt(i - from) == data.label(i)) {
                    correct++;
                }
            }
        }
        return correct / (double) Math.max(1, data.size());
    }

    /** Runs {@code action} with standard output discarded (SameDiff prints a line per differentiated op). */
    static void quietly(Runnable action) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }

    private static int[] shuffled(int[] order, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** Counts correct predictions from the logits computed during each training step. */
    private static final class AccuracyListener extends BaseListener {
        INDArray labels;
        double lastLoss = Double.NaN;
        private long correct;
        private long seen;

        void reset() {
            correct = 0;
            seen = 0;
        }

        double accuracy() {
            return seen == 0 ? 0 : correct / (double) seen;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public ListenerVariables requiredVariables(SameDiff sd) {
            return ListenerVariables.builder().trainingVariables(SameDiffVit.LOGITS).build();
        }

        @Override
        public void activationAvailable(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, String varName,
                                        INDArray activation) {
            if (!SameDiffVit.LOGITS.equals(varName)) {
                return;
            }
            float[][] z = activation.toFloatMatrix();
            double sum = 0;
            for (int i = 0; i < z.length; i++) {
                int y = labels.getInt(i);
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < z[i].length; c++) {
                    if (z[i][c] > max) {
                        max = z[i][c];
                        best = c;
                    }
                }
                double norm = 0;
                for (float v : z[i]) {
                    norm += Math.exp(v - max);
                }
                sum += max + Math.log(norm) - z[i][y]; // cross-entropy of this example
                if (best == y) {
                    correct++;
                }
            }
            seen += z.length;
            lastLoss = sum / z.length;
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
        }
    }
}
