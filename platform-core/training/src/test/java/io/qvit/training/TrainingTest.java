package io.qvit.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.data.IdxDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer learns and is deterministic: on a synthetic task (which quadrant of a noisy 12x12
 * image is bright) the loss falls and training accuracy rises; two runs with the same seed give the
 * same loss curve and the same checkpoint bytes; and on Fashion-MNIST (when Debian's
 * {@code dataset-fashion-mnist} is installed) a short run of the quickstart model (30 steps of 32 images) lowers the loss.
 */
class TrainingTest {
    @TempDir
    Path dir;

    private static TrainingData quadrants(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 144];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(4);
            for (int py = 0; py < 12; py++) {
                for (int px = 0; px < 12; px++) {
                    int q = (py / 6) * 2 + px / 6;
                    x[i * 144 + py * 12 + px] = (float) ((q == y[i] ? 1.0 : 0.0) + 0.5 * (r.nextDouble() - 0.5));
                }
            }
        }
        return TrainingData.of(x, y, 1, 12);
    }

    private static final VitArchitecture TINY = new VitArchitecture(12, 6, 1, 4, 16, 1, 2, 2, List.of(0.0), List.of(1.0));

    private TrainingResult train(Path out) throws Exception {
        VitTrainer.configureThreads(1);
        SameDiffVit m = SameDiffVit.initialized(TINY, 5);
        TrainingResult r = new VitTrainer(new PrintWriter(new StringWriter())).train(m, quadrants(512, 1), quadrants(128, 2),
                new TrainingOptions(3, 32, 3e-3, 0.05, 5, 5, 1), 0);
        VitCheckpoint.write(out, m, java.util.Map.of());
        return r;
    }

    @Test
    void lossFallsAndTheSameSeedGivesTheSameCurveAndBytes() throws Exception {
        TrainingResult a = train(dir.resolve("a.safetensors"));
        TrainingResult b = train(dir.resolve("b.safetensors"));
        assertEquals(48, a.stepLosses().size());
        assertTrue(a.epochLosses().get(1) < a.epochLosses().get(0) && a.epochLosses().get(2) < 0.75 * a.epochLosses().get(0),
                "epoch losses " + a.epochLosses());
        assertTrue(a.epochTestAccuracy().get(2) > 0.5, "test accuracy " + a.epochTestAccuracy() + " (chance: 0.25)");
        assertEquals(a.stepLosses(), b.stepLosses());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.safetensors")), Files.readAllBytes(dir.resolve("b.safetensors")));
    }

    @Test
    void aShortRunOnFashionMnistLowersTheLoss() throws Exception {
        Path data = Path.of(System.getenv().getOrDefault("QVIT_FASHION_MNIST", "/usr/share/datasets/fashion-mnist"));
        assumeTrue(Files.isDirectory(data), "skipped: Fashion-MNIST is not installed at " + data
                + " (sudo apt-get install dataset-fashion-mnist, or set QVIT_FASHION_MNIST)");
        VitArchitecture arch = VitArchitecture.fashionMnist();
        VitTrainer.configureThreads(2);
        TrainingData train = TrainingData.load(IdxDataset.mnistSplit(data, true).subset(0, 960), arch);
        StringWriter progress = new StringWriter();
        TrainingResult r = new VitTrainer(new PrintWriter(progress)).train(SameDiffVit.initialized(arch, 0), train, null,
                new TrainingOptions(1, 32, 3e-3, 0.05, 5, 0, 2), 0);
        List<Double> l = r.stepLosses();
        assertEquals(30, l.size());
        double first = l.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = l.subList(25, 30).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertTrue(last < first - 0.2, "mean loss of the first 5 steps " + first + ", of the last 5 " + last);
        assertTrue(progress.toString().contains("loss") && progress.toString().contains("acc"), progress.toString());
    }
}
