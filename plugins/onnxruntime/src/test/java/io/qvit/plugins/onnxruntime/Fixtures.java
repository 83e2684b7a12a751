package io.qvit.plugins.onnxruntime;


import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.SiteRule;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.deploy.CalibratedModels;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.Calibrator;
import io.qvit.engine.quant.QuantizationPlanner;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SitePlan;
import io.qvit.plugins.onnx.OnnxExporter;
import io.qvit.plugins.uniform.UniformQuantizer;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.RuntimeOptions;
import io.qvit.runtime.Throughput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/** Test models (random-weight micro ViT/DeiT, shared goldens), calibration with {@code uniform}, export and sessions. */
final class Fixtures {
    private Fixtures() {
    }

    /** A micro model of timm's shape with random weights: 32 px, patch 8, D 64, 2 blocks of 4 heads, 10 classes. */
    static VisionModel randomModel(ArchitectureFamily family, long seed) {
        ModelConfig c = new ModelConfig(family == ArchitectureFamily.VIT ? "vit_test" : "deit_test_distilled", family,
                32, 8, 3, 10, 64, 2, 4, 4.0, true, 1e-6, "token", List.of(), List.of(), 0,
                Preprocessing.imagenetDefault(32));
        VisionModel m = Throughput.randomModel(c, seed);
        // Larger weights than Throughput's 0.02 so that the logits spread and top-1 is meaningful.
        Map<String, Tensor> w = new LinkedHashMap<>();
        m.weights().forEach((k, t) -> {
            float[] d = t.data().clone();
            if (!(k.contains("norm") && k.endsWith(".weight"))) {
                for (int i = 0; i < d.length; i++) {
                    d[i] *= 5;
                }
            }
            w.put(k, Tensor.of(d, t.shape()));
        });
        return m.withWeights(w);
    }

    /** A file under {@code $QVIT_SHARED}, or the test is skipped with a message saying why. */
    static Path shared(String relative) {
        return io.qvit.testsupport.SharedData.file(relative);
    }

    /** W8A8 uniform (the common protocol: per-channel weights, per-tensor asymmetric activations), fitted on {@code images}. */
    static QuantizedModel calibrate(CompiledModel model, Tensor images, String init) {
        Map<String, SiteRule> sites = new LinkedHashMap<>();
        sites.put("default", new SiteRule("uniform", 8, null, null, init, null, Map.of()));
        sites.put("*.weight", new SiteRule(null, 8, null, null, "minmax", null, Map.of()));
        List<SitePlan> plan = QuantizationPlanner.plan(new QuantizationRecipe(List.of(), sites, null), model.config(),
                model.sites());
        return new Calibrator(UNIFORM).calibrate(model, plan, images);
    }

    /** The calibrated model as exporters see it. */
    static CalibratedModel deployable(CompiledModel reference, QuantizedModel q) {
        return CalibratedModels.of(reference, q, Map.of("test", "true"));
    }

    /** Writes the quantized ({@code quantized} true) or float32 graph of {@code model} to {@code file}. */
    static Path export(CalibratedModel model, boolean quantized, Path file) throws IOException {
        Files.write(file, OnnxExporter.graph(model, quantized, new LinkedHashMap<>()));
        return file;
    }

    static InferenceSession open(Path file, int threads) throws IOException {
        return new OnnxRuntimeBackend().open(file, new BackendOptions(threads, Map.of()));
    }

    static CompiledModel compile(VisionModel m) {
        return CompiledModel.build(m, new RuntimeOptions(2));
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.shape(), b.shape(), "shapes differ");
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
        }
        return m;
    }

    static double maxAbs(Tensor a) {
        double m = 0;
        for (float v : a.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Top-1 class per row of {@code logits [B, classes]}. */
    static int[] top1(Tensor logits) {
        int b = logits.dim(0);
        int c = logits.dim(1);
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            for (int j = 1; j < c; j++) {
                if (logits.data()[i * c + j] > logits.data()[i * c + out[i]]) {
                    out[i] = j;
                }
            }
        }
        return out;
    }

    /** A catalog with the uniform quantizer only. */
    static final PluginCatalog UNIFORM = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == Quantizer.class ? List.of("uniform") : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            return kind == Quantizer.class && id.equals("uniform") ? Optional.of(kind.cast(new UniformQuantizer()))
                    : Optional.empty();
        }
    };
}
