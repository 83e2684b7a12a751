package io.qvit.launcher.internal.cli;

import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.deploy.InferenceBackend;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.deploy.ModelExporter;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.Throughput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code qvit bench --backend ID}: qvit's float32 runtime, the backend on the float32 artifact and
 * the backend on the W8A8 QDQ artifact ({@link BenchCalibration}), one forward pass of each per
 * round, in alternation, so that load from other processes affects all three alike. Reports the
 * median images/s of each path and the median of the per-round ratios.
 */
final class BackendBench {
    private BackendBench() {
    }

    static void run(CompiledModel qvit, InferenceBackend backend, String backendId, ModelExporter exporter, int batch,
                    int threads, int warmup, int rounds, PrintWriter out) throws IOException {
        Tensor images = Throughput.randomImages(qvit.config(), batch);
        CalibratedModel model = BenchCalibration.of(qvit, images);
        Path dir = Files.createTempDirectory("qvit-bench-");
        try {
            ExportedModel exported = exporter.export(model, dir, Map.of());
            BackendOptions options = new BackendOptions(threads, Map.of());
            try (InferenceSession fp = backend.open(exported.float32(), options);
                 InferenceSession q = backend.open(exported.quantized(), options)) {
                String[] names = {"qvit float32", backendId + " float32", backendId + " int8 (QDQ)"};
                @SuppressWarnings("unchecked")
                UnaryOperator<Tensor>[] paths = new UnaryOperator[] {
                    (UnaryOperator<Tensor>) qvit::forward, (UnaryOperator<Tensor>) fp::run, (UnaryOperator<Tensor>) q::run};
                double[][] seconds = new double[paths.length][rounds];
                for (int r = -warmup; r < rounds; r++) {
                    for (int p = 0; p < paths.length; p++) {
                        long t0 = System.nanoTime();
                        paths[p].apply(images);
                        double s = (System.nanoTime() - t0) / 1e9;
                        if (r >= 0) {
                            seconds[p][r] = s;
                        }
                    }
                }
                out.println(String.format(Locale.ROOT, "%s batch %d threads %d, %d rounds in alternation (after %d warm-up): %s",
                        qvit.config().architecture(), batch, threads, rounds, warmup, fp.description()));
                for (int p = 0; p < paths.length; p++) {
                    out.println(String.format(Locale.ROOT, "  %-28s %8.1f images/s (median of %d passes)", names[p],
                            batch / median(seconds[p]), rounds));
                }
                out.println(String.format(Locale.ROOT, "  %s int8 / %s float32: x%.2f; %s int8 / qvit float32: x%.2f; "
                        + "%s float32 / qvit float32: x%.2f (medians of per-round ratios)", backendId, backendId,
                        ratio(seconds[1], seconds[2]), backendId, ratio(seconds[0], seconds[2]), backendId,
                        ratio(seconds[0], seconds[1])));
                Tensor a = fp.run(images);
                Tensor b = qvit.forward(images);
                double d = 0;
                for (int i = 0; i < a.size(); i++) {
                    d = Math.max(d, Math.abs(a.data()[i] - b.data()[i]));
                }
                out.println(String.format(Locale.ROOT, "  max |%s float32 - qvit float32| logits: %.3g", backendId, d));
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Median over rounds of {@code slow[r] / fast[r]}: how many times faster {@code fast} is. */
    private static double ratio(double[] slow, double[] fast) {
        double[] r = new double[slow.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = slow[i] / fast[i];
        }
        return median(r);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
