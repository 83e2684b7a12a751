package io.qvit.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.Quantizer;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quantized pipeline of the run engine on a random-weight micro ViT built in the test ({@link
 * #MODEL}: 3 blocks, 10 classes, 64 px; no shared data needed) with generated images: calibration, fake-quantized evaluation, per-site
 * analysis, report, and resuming a run that crashed between two evaluation sets.
 */
class QuantizedRunTest {
    /** The model every experiment of this test runs. */
    static final MicroVit MODEL = new MicroVit(64, 8, 48, 3, 3, 10);

    private Path weights;

    @TempDir
    Path dir;

    private final ScalingTestReparameterization scaling = new ScalingTestReparameterization();

    private final PluginCatalog plugins = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == ModelLoader.class ? List.of("timm") : kind == Quantizer.class ? List.of("uniform")
                    : kind == io.qvit.api.reparam.Reparameterization.class ? List.of("scale")
                    : kind == io.qvit.api.kernel.IntegerKernel.class ? List.of("ivit") : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            if (kind == ModelLoader.class && id.equals("timm")) {
                return Optional.of(kind.cast(new TimmModelLoader()));
            }
            if (kind == Quantizer.class && id.equals("uniform")) {
                return Optional.of(kind.cast(new MinMaxTestQuantizer()));
            }
            if (kind == io.qvit.api.kernel.IntegerKernel.class && id.equals("ivit")) {
                return Optional.of(kind.cast(new io.qvit.plugins.ivit.IViTKernel()));
            }
            if (kind == io.qvit.api.reparam.Reparameterization.class && id.equals("scale")) {
                return Optional.of(kind.cast(scaling));
            }
            return Optional.empty();
        }
    };

    @BeforeEach
    void modelAndImages() throws Exception {
        weights = MODEL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("a"), 6, 80, 72, 10, 1);
        TestImages.write(dir.resolve("b"), 6, 80, 72, 10, 2);
    }

    private ExperimentFile experiment(String name) throws Exception {
        return experiment(name, "");
    }

    private ExperimentFile experiment(String name, String extraQuantization) throws Exception {
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, """
                name: %s
                model: {weights: "%s"}
                data:
                  calibration: {images: a}
                  evaluation:
                    - {name: a, images: a}
                    - {name: b, images: b}
                quantization:
                  weights: {bits: 4}
                  activations: {bits: 4}
                %s
                runtime: {threads: 1, batch_size: 4}
                """.formatted(name, weights.toAbsolutePath(), extraQuantization));
        return new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
    }

    private RunEngine engine(java.util.function.Consumer<String> afterStage) {
        return new RunEngine(plugins, dir.resolve("cache"), new PrintWriter(new StringWriter()), afterStage);
    }

    private static JsonNode withoutTimes(JsonNode results) {
        ObjectNode copy = results.deepCopy();
        copy.remove("timings");
        copy.remove("throughput");
        return copy;
    }

    @Test
    void theConfigHashFollowsTheCheckpointsContentNotJustItsPath() throws Exception {
        Path weights = dir.resolve("model.safetensors");
        MODEL.write(weights, 3);
        Path f = dir.resolve("hash.yaml");
        Files.writeString(f, """
                name: hash
                model: {weights: model.safetensors}
                data:
                  evaluation:
                    - {name: a, images: a}
                """);
        ExperimentReader reader = new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get);
        RunEngine engine = engine(s -> { });
        String original = engine.configHash(reader.read(f));
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        Files.setLastModifiedTime(weights, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(weights).toMillis() + 2000));
        String retrained = engine.configHash(reader.read(f));
        assertTrue(!original.equals(retrained), "a checkpoint rewritten at the same path must give a new config hash");
        bytes[bytes.length - 1] ^= 1;
        Files.write(weights, bytes);
        Files.setLastModifiedTime(weights, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(weights).toMillis() + 4000));
        assertEquals(original, engine.configHash(reader.read(f)));
    }

    @Test
    void anIntegerKernelOnAnAsymmetricRecipeIsAClearErrorNamingTheKeyAndSite() throws Exception {
        io.qvit.engine.experiment.ExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.qvit.engine.experiment.ExperimentException.class,
                () -> engine(s -> { }).run(experiment("micro-int", "  integer_kernel: ivit"), dir.resolve("int"), false));
        assertTrue(e.getMessage().contains("quantization.integer_kernel") && e.getMessage().contains("integer path: site"),
                e.getMessage());
    }

    @Test
    void aBadIntegerKernelOptionIsAClearErrorNamingTheKeyAndOption() throws Exception {
        io.qvit.engine.experiment.ExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.qvit.engine.experiment.ExperimentException.class,
                () -> engine(s -> { }).run(experiment("micro-int-opt",
                        "  integer_kernel: ivit\n  integer_kernel_options: {normalization: int48}"), dir.resolve("opt"), false));
        assertTrue(e.getMessage().contains("quantization.integer_kernel_options") && e.getMessage().contains("int48"),
                e.getMessage());
    }

    @Test
    void calibratesEvaluatesAnalysesAndReports() throws Exception {
        Path run = dir.resolve("run");
        JsonNode r = engine(s -> { }).run(experiment("micro-w4a4"), run, false);
        ResultsSchema.assertValid(r);
        JsonNode a = r.path("sets").path("a");
        assertEquals(6, a.path("images").asInt());
        double q1 = a.path("quantized").path("top1").asDouble(-1);
        assertTrue(q1 >= 0 && q1 <= 1, "quantized top-1 " + q1);
        assertTrue(r.path("sites").size() > 10, r.path("sites").toString());
        for (JsonNode s : r.path("sites")) {
            assertTrue(Double.isFinite(s.path("localSqnrDb").asDouble()), s.toString());
            assertTrue(s.path("cosine").asDouble() > 0, s.toString());
        }
        assertTrue(r.path("model_size_bytes").path("quantized").asLong() < r.path("model_size_bytes").path("fp32").asLong() / 2);
        assertTrue(Files.readString(run.resolve("report.md")).contains("| a | 6 |"));
        assertTrue(r.path("timings").has("calibration"));
        assertTrue(Files.notExists(run.resolve("state")), "stage state is removed once the run finished");
    }

    @Test
    void aRepeatRunsOncePerSeedAndReportsMeanAndSpreadInTheSchemasShape() throws Exception {
        Path f = dir.resolve("repeat.yaml");
        Files.writeString(f, """
                name: micro-repeat
                repeat: {seeds: [0, 1]}
                model: {weights: "%s"}
                data:
                  calibration: {images: a, sample: 3}
                  evaluation:
                    - {name: b, images: b}
                quantization: {weights: {bits: 4}, activations: {bits: 4}}
                runtime: {threads: 1, batch_size: 4}
                """.formatted(weights.toAbsolutePath()));
        ExperimentFile file = new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
        JsonNode r = engine(s -> { }).run(file, dir.resolve("repeat/r"), false);
        ResultsSchema.assertValid(r);
        JsonNode q = r.at("/sets/b/quantized");
        assertEquals(2, q.path("top1_per_seed").size(), r.toString());
        double mean = (q.path("top1_per_seed").get(0).asDouble() + q.path("top1_per_seed").get(1).asDouble()) / 2;
        assertEquals(mean, q.path("top1").asDouble(), 1e-12);
        for (JsonNode run : r.at("/repeat/runs")) {
            JsonNode one = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    dir.resolve("repeat").resolve(run.asText()).resolve("results.json").toFile());
            ResultsSchema.assertValid(one);
        }
    }

    @Test
    void quantParamsJsonHoldsEveryFittedScaleAndZeroPointOfEverySite() throws Exception {
        Path run = dir.resolve("params");
        JsonNode r = engine(s -> { }).run(experiment("micro-params"), run, false);
        JsonNode params = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("quant_params.json").toFile());
        assertEquals(r.path("sites").size(), params.size(), "one entry per quantized site");
        java.util.Map<String, JsonNode> bySite = new java.util.HashMap<>();
        params.forEach(p -> bySite.put(p.path("site").asText(), p));
        for (JsonNode s : r.path("sites")) {
            JsonNode p = bySite.get(s.path("site").asText());
            assertTrue(p != null, "quant_params.json lacks " + s.path("site").asText());
            assertEquals(s.path("bits").asInt(), p.path("bits").asInt(), s.toString());
            assertEquals(s.path("granularity").asText(), p.path("granularity").asText(), s.toString());
            assertEquals(p.path("scale").size(), p.path("zero_point").size(), p.toString());
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (JsonNode v : p.path("scale")) {
                min = Math.min(min, v.asDouble());
                max = Math.max(max, v.asDouble());
            }
            assertEquals(s.path("scaleMin").asDouble(), min, 1e-6 * Math.abs(min), s.toString());
            assertEquals(s.path("scaleMax").asDouble(), max, 1e-6 * Math.abs(max), s.toString());
        }
        assertTrue(bySite.containsKey("blocks.0.qkv.weight") && bySite.containsKey("blocks.0.attn.probs"),
                bySite.keySet().toString());
    }

    @Test
    void aRunKilledBetweenEvaluationSetsResumesAndMatchesAnUninterruptedRun() throws Exception {
        JsonNode uninterrupted = engine(s -> { }).run(experiment("micro-resume"), dir.resolve("whole"), false);

        Path run = dir.resolve("crashed");
        RuntimeException crash = new RuntimeException("simulated crash");
        assertThrows(RuntimeException.class, () -> engine(stage -> {
            if (stage.equals("quantized_eval.a")) {
                throw crash;
            }
        }).run(experiment("micro-resume"), run, false));
        assertTrue(Files.exists(run.resolve("state/quantized_eval.a" + StageState.SUFFIX)));
        assertTrue(Files.notExists(run.resolve("results.json")), "no half results");

        java.util.List<String> stages = new java.util.ArrayList<>();
        JsonNode resumed = engine(stages::add).run(experiment("micro-resume"), run, false);
        assertEquals(withoutTimes(uninterrupted), withoutTimes(resumed));
        assertEquals(0.0, resumed.path("timings").path("quantized_eval.a").asDouble(), "set a is not evaluated again");
    }

    @Test
    void sensitivityQuantizesOneGroupAtATimeAndItsComplement() throws Exception {
        Path out = dir.resolve("sens");
        JsonNode s = engine(x -> { }).sensitivity(experiment("micro-sens"), out, io.qvit.engine.quant.SiteGroups.BLOCK, 4);
        assertEquals(4, s.path("images").asInt());
        List<String> groups = new java.util.ArrayList<>();
        s.path("groups").forEach(g -> groups.add(g.path("group").asText()));
        assertEquals(List.of("patch_embed", "blocks.0", "blocks.1", "blocks.2", "head"), groups);
        JsonNode byRole = engine(x -> { }).sensitivity(experiment("micro-sens"), out, io.qvit.engine.quant.SiteGroups.ROLE, 4);
        List<String> roles = new java.util.ArrayList<>();
        byRole.path("groups").forEach(g -> roles.add(g.path("group").asText()));
        assertTrue(roles.containsAll(List.of("qkv.weight", "attn.probs", "fc2.input", "head.weight")), roles.toString());
        for (JsonNode g : byRole.path("groups")) {
            double only = g.path("onlyTop1").asDouble(-1);
            assertTrue(only >= 0 && only <= 1, g.toString());
        }
        assertTrue(Files.readString(out.resolve("sensitivity.md")).contains("| attn.probs |"));
    }

    @Test
    void aReparameterizationAfterCalibrationSeesFittedQuantizersAndItsRefitsAreApplied() throws Exception {
        JsonNode plain = engine(x -> { }).run(experiment("micro-plain"), dir.resolve("plain"), false);
        JsonNode r = engine(x -> { }).run(experiment("micro-reparam", "  reparameterizations: [scale]"),
                dir.resolve("reparam"), false);
        assertTrue(scaling.sawFittedInputQuantizer, "the context exposes the calibrated quantizers");
        assertTrue(r.path("timings").has("reparameterization.scale"), r.path("timings").toString());
        JsonNode qkvWeight = null;
        JsonNode plainQkvWeight = null;
        for (JsonNode s : r.path("sites")) {
            if (s.path("site").asText().equals("blocks.0.qkv.weight")) {
                qkvWeight = s;
            }
        }
        for (JsonNode s : plain.path("sites")) {
            if (s.path("site").asText().equals("blocks.0.qkv.weight")) {
                plainQkvWeight = s;
            }
        }
        assertEquals(plainQkvWeight.path("scaleMax").asDouble() / 2, qkvWeight.path("scaleMax").asDouble(), 1e-6,
                "the qkv weight quantizer was re-fitted on the halved weights");
        assertEquals(plainQkvWeight.path("localSqnrDb").asDouble(), qkvWeight.path("localSqnrDb").asDouble(), 1e-3);
    }
}
