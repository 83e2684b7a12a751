package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.deploy.InferenceBackend;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.deploy.ModelExporter;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.testsupport.TestImages;
import io.qvit.runtime.CompiledModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code deploy} stage with a stand-in exporter and backend (the backend runs qvit's float32
 * runtime on the model the exporter was given): artifacts in the run folder, per-set accuracy and
 * agreements, and a clear error for a backend that is not installed.
 */
class DeployStageTest {
    private Path weights;

    @TempDir
    Path dir;

    private final Map<Path, CalibratedModel> exported = new HashMap<>();

    private final ModelExporter exporter = new ModelExporter() {
        @Override
        public String format() {
            return "test";
        }

        @Override
        public ExportedModel export(CalibratedModel model, Path d, Map<String, Object> options) throws java.io.IOException {
            Files.createDirectories(d);
            Path q = Files.writeString(d.resolve("model.q"), "q");
            Path f = Files.writeString(d.resolve("model.f"), "f");
            Path s = Files.writeString(d.resolve("model.json"), "{\"format\": \"test\"}");
            exported.put(q, model);
            exported.put(f, CalibratedModel.float32(model.floatModel(), Map.of()));
            return new ExportedModel("test", q, f, s, Map.of("blocks.0.qkv.input", "test-form"));
        }
    };

    private final InferenceBackend backend = new InferenceBackend() {
        @Override
        public java.util.Set<String> formats() {
            return java.util.Set.of("test");
        }

        @Override
        public InferenceSession open(Path artifact, BackendOptions options) {
            CompiledModel m = CompiledModel.build(exported.get(artifact).floatModel());
            return new InferenceSession() {
                @Override
                public Tensor run(Tensor images) {
                    return m.forward(images);
                }

                @Override
                public String description() {
                    return "test backend, " + options.threads() + " thread(s)";
                }

                @Override
                public void close() {
                }
            };
        }
    };

    private final PluginCatalog plugins = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == ModelLoader.class ? List.of("timm") : kind == Quantizer.class ? List.of("uniform")
                    : kind == InferenceBackend.class ? List.of("test-backend")
                    : kind == ModelExporter.class ? List.of("test-exporter") : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            Object o = kind == ModelLoader.class && id.equals("timm") ? new TimmModelLoader()
                    : kind == Quantizer.class && id.equals("uniform") ? new MinMaxTestQuantizer()
                    : kind == InferenceBackend.class && id.equals("test-backend") ? backend
                    : kind == ModelExporter.class && id.equals("test-exporter") ? exporter : null;
            return Optional.ofNullable(o).map(kind::cast);
        }
    };

    @BeforeEach
    void modelAndImages() throws Exception {
        weights = QuantizedRunTest.MODEL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("a"), 6, 64, 64, 10, 2);
    }

    private ExperimentFile experiment(String backendId) throws Exception {
        Path f = dir.resolve("deploy.yaml");
        Files.writeString(f, """
                name: deploy
                model: {weights: "%s"}
                data:
                  calibration: {images: a}
                  evaluation:
                    - {name: a, images: a}
                quantization:
                  weights: {bits: 8}
                  activations: {bits: 8}
                deploy: {backend: %s}
                runtime: {threads: 1, batch_size: 4}
                """.formatted(weights.toAbsolutePath(), backendId));
        return new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
    }

    private RunEngine engine() {
        return new RunEngine(plugins, dir.resolve("cache"), new PrintWriter(new StringWriter()));
    }

    @Test
    void exportsIntoTheRunFolderAndReportsAccuracyAndAgreementPerSet() throws Exception {
        Path run = dir.resolve("run");
        JsonNode results = engine().run(experiment("test-backend"), run, false);
        ResultsSchema.assertValid(results);
        assertTrue(Files.exists(run.resolve("deploy/model.q")));
        JsonNode d = results.path("sets").path("a").path("deploy");
        assertEquals(1.0, d.path("fp32").path("top1_agreement_with_fp32").asDouble());
        assertEquals(results.path("sets").path("a").path("fp32").path("top1").asDouble(), d.path("fp32").path("top1").asDouble());
        assertTrue(d.path("quantized").path("top1_agreement_with_quantized").isNumber(), d.toString());
        assertEquals(1.0, d.path("quantized").path("top1_agreement_with_fp32").asDouble(), "the stand-in runs float32");
        JsonNode control = d.path("quantized_ulp_control");
        assertTrue(control.path("top1_agreement_with_quantized").isNumber(), d.toString());
        assertEquals(results.path("sets").path("a").path("quantized").path("top1").asDouble(), control.path("top1").asDouble(),
                0.5, "the ulp control is the fake-quant model");
        assertTrue(d.path("quantized").path("top1_agreement_with_ulp_control").isNumber(), d.toString());
        assertEquals("test", results.path("deploy").path("format").asText());
        assertEquals(1, results.path("deploy").path("site_forms").path("test-form").asInt());
        assertEquals("test backend, 1 thread(s)", results.path("deploy").path("session").asText());
    }

    @Test
    void aMissingBackendIsAnErrorAtDeployBackend() throws Exception {
        ExperimentException e = assertThrows(ExperimentException.class,
                () -> engine().run(experiment("tensorrt"), dir.resolve("run2"), false));
        assertTrue(e.getMessage().contains("deploy.backend"), e.getMessage());
        assertTrue(e.getMessage().contains("inference backend plugin 'tensorrt' is not available"), e.getMessage());
    }
}
