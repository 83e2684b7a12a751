package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.ImageDataset;
import io.qvit.engine.alloc.Allocation;
import io.qvit.engine.alloc.SiteElements;
import io.qvit.engine.deploy.CalibratedModels;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.ModelSize;
import io.qvit.engine.quant.QuantParamsExport;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SiteAnalysis;
import io.qvit.engine.quant.SiteStats;
import io.qvit.engine.quant.UlpJitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One attempt at running an experiment into its run folder, as a sequence of stages that share
 * what they produce: open the evaluation sets (first, so that a bad set fails before minutes of
 * work), evaluate float32 (cached across runs), allocate bits and calibrate, analyse the sites,
 * convert to integers, evaluate every form (resumable), deploy, and write the results.
 */
final class RunAttempt {
    /** Where the engine's services and settings come from. */
    record Engine(PluginCatalog plugins, ObjectMapper json, Path cacheDir, PrintWriter progress,
                  Consumer<String> afterStage) {
    }

    private final Engine engine;
    private final ExperimentFile file;
    private final Path runDir;
    private final String hash;
    private final JsonNode resolved;
    private final Timings timings = new Timings();
    private final PreparedRun prepared;
    private final Evaluator evaluator;
    private final ResumableEvaluations resumable;
    private final DeployStage deploy;
    private final List<ImageSetSpec> evaluation;
    private final List<ImageDataset> datasets = new ArrayList<>();
    private final Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
    private final Map<String, Object> throughput = new LinkedHashMap<>();
    private final Map<String, JsonNode> fp32Evals = new LinkedHashMap<>();
    private final Map<String, JsonNode> quantizedEvals = new LinkedHashMap<>();
    private final Map<String, Object> doc = new LinkedHashMap<>();

    /** Loads and compiles the model; nothing is evaluated yet. */
    RunAttempt(Engine engine, ExperimentResolver resolver, ExperimentFile file, Path runDir, String hash,
               JsonNode resolved, StageState state) throws ExperimentException, IOException {
        this.engine = engine;
        this.file = file;
        this.runDir = runDir;
        this.hash = hash;
        this.resolved = resolved;
        this.prepared = PreparedRun.of(engine.plugins(), resolver, file, timings);
        this.evaluator = new Evaluator(engine.progress(), prepared.batchSize(), prepared.threads());
        this.resumable = new ResumableEvaluations(state, evaluator, engine.json(), prepared.transform(), timings,
                throughput, engine.progress(), engine.afterStage());
        this.deploy = DeployStage.of(file, engine.plugins());
        if (deploy != null) {
            deploy.addVersions(prepared.pluginVersions());
        }
        ExperimentSpec spec = file.spec();
        this.evaluation = spec.data() == null ? List.of() : spec.data().evaluation();
    }

    /** Runs every stage and writes {@code provenance.json}, {@code report.md} and {@code results.json}. */
    JsonNode run() throws ExperimentException, IOException {
        openEvaluationSets();
        evaluateFloat32();
        VisionModel model = prepared.compiled().model();
        doc.put("experiment", file.spec().name());
        doc.put("config_hash", hash);
        doc.put("status", "finished");
        doc.put("model", Map.of("architecture", model.config().architecture(), "checkpoint",
                prepared.checkpoint().toString(), "sha256", prepared.modelSha(), "loader",
                prepared.loaderId() + " " + engine.plugins().version(ModelLoader.class, prepared.loaderId())));
        if (prepared.recipe() != null) {
            quantize();
        } else if (deploy != null) {
            deploy(CalibratedModel.float32(model, Map.of("experiment", file.spec().name(), "config_hash", hash)), null);
        }
        return write();
    }

    private void openEvaluationSets() throws ExperimentException {
        int classes = prepared.compiled().model().config().numClasses();
        for (int i = 0; i < evaluation.size(); i++) {
            ImageSetSpec set = evaluation.get(i);
            String key = "data.evaluation[" + i + "]";
            ImageDataset dataset = timings.time("load_data." + set.name(), () -> DataSets.open(file, key, set));
            DataSets.checkLabels(file, key, dataset, classes);
            datasets.add(dataset);
        }
    }

    private void evaluateFloat32() throws IOException {
        for (int i = 0; i < evaluation.size(); i++) {
            String name = evaluation.get(i).name();
            ImageDataset dataset = datasets.get(i);
            String dataSha = timings.time("checksum_data." + name, dataset::checksum);
            JsonNode fp32 = Float32Stage.evaluate(engine.cacheDir(), engine.json(), engine.progress(), evaluator,
                    prepared, name, dataset, dataSha, timings, throughput);
            fp32Evals.put(name, fp32);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("images", fp32.path("images").asLong());
            result.put("skipped", fp32.path("skipped"));
            result.put("fp32", accuracy(fp32));
            result.put("quantized", null);
            result.put("data_sha256", dataSha);
            sets.put(name, result);
        }
    }

    private void quantize() throws ExperimentException, IOException {
        CalibrationStage calibration = new CalibrationStage(engine.plugins(), engine.progress(), file, prepared);
        Allocation allocation = calibration.allocate(timings);
        if (allocation != null) {
            doc.put("allocation", allocation.summary());
            engine.afterStage().accept("bit_allocation");
        }
        CalibrationStage.Calibrated calibrated = calibration.calibrate(
                allocation == null ? prepared.plan() : allocation.plan(), timings);
        QuantizedModel quantized = calibrated.model();
        engine.afterStage().accept("calibration");
        AtomicFiles.write(runDir.resolve("quant_params.json"),
                engine.json().writeValueAsString(QuantParamsExport.of(quantized)));
        Tensor analysisImages = firstImages(calibrated.images(), 8);
        List<SiteStats> siteStats = timings.time("site_analysis",
                () -> SiteAnalysis.analyse(calibrated.reference(), quantized, analysisImages));
        IntegerConversion integer = IntegerConversion.of(engine.plugins(), file, quantized, timings,
                prepared.pluginVersions());
        if (integer != null) {
            doc.put("integer", integer.summary());
        }
        for (int i = 0; i < evaluation.size(); i++) {
            String name = evaluation.get(i).name();
            JsonNode q = resumable.evaluate("quantized", name, datasets.get(i), quantized::forward, true);
            sets.get(name).put("quantized", accuracy(q));
            quantizedEvals.put(name, q);
            if (integer != null) {
                JsonNode sim = resumable.evaluate("simulated_integer", name, datasets.get(i), integer.simulation(), false);
                sets.get(name).put("simulated_integer", accuracy(sim));
                JsonNode r = resumable.evaluate("integer", name, datasets.get(i), integer.model()::forward, true);
                Map<String, Object> ir = accuracy(r);
                ir.put("top1_agreement_with_quantized", nanToNull(Evaluator.agreement(q, r)));
                ir.put("top1_agreement_with_simulated_integer", nanToNull(Evaluator.agreement(sim, r)));
                sets.get(name).put("integer", ir);
            }
        }
        doc.put("sites", siteStats);
        doc.put("average_bits", SiteElements.averageBits(calibrated.reference(), analysisImages, quantized.plan()));
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("fp32", ModelSize.float32Bytes(prepared.compiled()));
        sizes.put("quantized", ModelSize.quantizedBytes(prepared.compiled(), quantized));
        if (integer != null) {
            sizes.put("integer", integer.model().weightBytes());
        }
        doc.put("model_size_bytes", sizes);
        doc.put("calibration", Map.of("images", calibrated.images().dim(0), "analysis_images", analysisImages.dim(0)));
        if (deploy != null) {
            deploy(CalibratedModels.of(calibrated.reference(), quantized,
                    Map.of("experiment", file.spec().name(), "config_hash", hash)),
                    images -> quantized.model().forward(images, new UlpJitter(quantized.hook(), 1)));
        }
    }

    /** Runs the deploy stage on {@code model}; {@code ulpControl} is the fake-quant control, null for float32. */
    private void deploy(CalibratedModel model, UnaryOperator<Tensor> ulpControl) throws ExperimentException, IOException {
        doc.put("deploy", deploy.run(model, runDir.resolve("deploy"), new DeployStage.Inputs(
                evaluation.stream().map(ImageSetSpec::name).toList(), datasets, prepared.transform(), fp32Evals,
                quantizedEvals, ulpControl), evaluator, engine.json(), prepared.threads(), sets, timings,
                engine.progress()));
    }

    private JsonNode write() throws IOException {
        ObjectMapper json = engine.json();
        doc.put("sets", sets);
        doc.put("timings", timings.asMap());
        doc.put("throughput", throughput);
        Map<String, Object> provenance = Provenance.collect(file.spec(), prepared.pluginVersions(), prepared.modelSha());
        provenance.put("plugin_bundles", PluginBundles.of(engine.plugins(), prepared.pluginVersions().keySet()));
        Map<String, Object> dataSha = new LinkedHashMap<>();
        sets.forEach((name, r) -> dataSha.put(name, r.get("data_sha256")));
        provenance.put("data_sha256", dataSha);
        AtomicFiles.write(runDir.resolve("provenance.json"), json.writeValueAsString(provenance));
        String text = json.writeValueAsString(doc);
        JsonNode results = json.readTree(text);
        AtomicFiles.write(runDir.resolve("report.md"), ReportWriter.render(results, resolved, provenance));
        AtomicFiles.write(runDir.resolve("results.json"), text);
        return results;
    }

    private static Tensor firstImages(Tensor images, int n) {
        int[] shape = images.shape();
        int k = Math.min(n, shape[0]);
        int per = images.size() / shape[0];
        shape[0] = k;
        return Tensor.of(java.util.Arrays.copyOf(images.data(), k * per), shape);
    }

    private static Double nanToNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Top-1, top-5 and the logits digest of an evaluation (the digest is absent from older caches). */
    private static Map<String, Object> accuracy(JsonNode eval) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top1", eval.path("top1").asDouble());
        m.put("top5", eval.path("top5").asDouble());
        if (eval.hasNonNull("logits_sha256")) {
            m.put("logits_sha256", eval.path("logits_sha256").asText());
        }
        return m;
    }
}
