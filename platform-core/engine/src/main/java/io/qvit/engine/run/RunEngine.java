package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.tensor.Tensor;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.data.Batch;
import io.qvit.data.BatchLoader;
import io.qvit.data.FileImageDataset;
import io.qvit.data.IdxDataset;
import io.qvit.data.ImageTransform;
import io.qvit.data.ImageDataset;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.Calibrator;
import io.qvit.engine.quant.LayerFitting;
import io.qvit.engine.quant.ModelSize;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.quant.QuantizationPlanner;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SitePlan;
import io.qvit.engine.quant.QuantParamsExport;
import io.qvit.engine.quant.SiteStats;
import io.qvit.engine.quant.SiteAnalysis;
import io.qvit.engine.quant.SiteGroups;
import io.qvit.engine.quant.SensitivityRow;
import io.qvit.engine.quant.Seeds;
import io.qvit.engine.recipe.RecipeExpander;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.IntegerModel;
import io.qvit.runtime.IntegerSimulation;
import io.qvit.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one experiment: resolve plugins, load the model, open the data, evaluate float32 (cached
 * by model and data checksum), and write {@code results.json} and {@code provenance.json}
 * atomically into the run folder, which is keyed by the hash of the resolved experiment. A run
 * whose results exist for the same resolved experiment is not recomputed.
 *
 * <p>With a {@code quantization} section it also calibrates (see {@link Calibrator}), analyses
 * every quantized site on the first calibration images, evaluates the fake-quantized model on
 * every set, and writes {@code report.md}.
 */
public final class RunEngine {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final PluginCatalog plugins;
    private final Path cacheDir;
    private final PrintWriter progress;
    private final Consumer<String> afterStage;
    private final FileChecksumCache checksums = new FileChecksumCache();
    private final Map<String, String> dataChecksums = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An engine.
     *
     * @param plugins where loaders and quantizers come from
     * @param cacheDir where float32 results are cached across runs
     * @param progress where progress lines go (usually standard error)
     */
    public RunEngine(PluginCatalog plugins, Path cacheDir, PrintWriter progress) {
        this(plugins, cacheDir, progress, stage -> { });
    }

    /** An engine that calls {@code afterStage} with each stage's name when it completes (tests, monitoring). */
    public RunEngine(PluginCatalog plugins, Path cacheDir, PrintWriter progress, Consumer<String> afterStage) {
        this.plugins = plugins;
        this.cacheDir = cacheDir;
        this.progress = progress;
        this.afterStage = afterStage;
    }

    /** The run folder of {@code file} below {@code runsRoot}: {@code <name>/<first 12 hex of the config hash>}. */
    public Path runFolder(ExperimentFile file, Path runsRoot) throws ExperimentException {
        return runsRoot.resolve(file.spec().name()).resolve(configHash(file).substring(0, 12));
    }

    /**
     * SHA-256 of the resolved experiment (interpolated, preset expanded, keys sorted, with the
     * checkpoint's checksum, so that a checkpoint rewritten at the same path gives a new run).
     */
    public String configHash(ExperimentFile file) throws ExperimentException {
        try {
            return Checksums.text(JSON.writeValueAsString(JSON.convertValue(resolved(file), Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The experiment as it will run: interpolated, the method preset expanded, the checksums of the
     * checkpoint and of every image set, and the version and content hash of every plugin it uses and
     * of the platform's own code, so that a rebuilt plugin, new data or new numerics give a new config
     * hash (and a new run) instead of an old result.
     */
    private JsonNode resolved(ExperimentFile file) throws ExperimentException {
        ObjectNode tree = file.tree().root().deepCopy();
        Path weights = file.resolve(file.spec().model().weights());
        try {
            tree.put("model_sha256", checksums.sha256(weights));
        } catch (IOException e) {
            throw file.error("model.weights", "cannot read " + weights + ": " + e.getMessage());
        }
        tree.set("data_sha256", JSON.valueToTree(dataChecksums(file)));
        QuantizationRecipe recipe = new RecipeExpander(plugins).expand(file);
        Map<String, Map.Entry<Class<?>, String>> used = new java.util.TreeMap<>();
        String loader = file.spec().model().loader() != null ? file.spec().model().loader()
                : loaderFor(file, file.resolve(file.spec().model().weights()));
        used.put("ModelLoader:" + loader, Map.entry(ModelLoader.class, loader));
        if (recipe != null) {
            tree.set("quantization", JSON.valueToTree(recipe));
            String integerKernel = file.spec().quantization().integerKernel();
            if (integerKernel != null) {
                ((ObjectNode) tree.get("quantization")).put("integer_kernel", integerKernel);
                Map<String, Object> kernelOptions = file.spec().quantization().kernelOptions();
                if (!kernelOptions.isEmpty()) {
                    ((ObjectNode) tree.get("quantization")).set("integer_kernel_options",
                            JSON.valueToTree(new java.util.TreeMap<>(kernelOptions)));
                }
                used.put("IntegerKernel:" + integerKernel, Map.entry(IntegerKernel.class, integerKernel));
            }
            ExperimentSpec.BitAllocatorSpec allocation = file.spec().quantization().bitAllocator();
            if (allocation != null) {
                ((ObjectNode) tree.get("quantization")).set("bit_allocator", JSON.valueToTree(allocation));
            }
            if (recipe.bitAllocator() != null) {
                used.put("BitAllocator:" + recipe.bitAllocator(),
                        Map.entry(io.qvit.api.alloc.BitAllocator.class, recipe.bitAllocator()));
            }
            if (file.spec().quantization().method() != null) {
                String m = file.spec().quantization().method();
                used.put("MethodPreset:" + m, Map.entry(io.qvit.api.quant.MethodPreset.class, m));
            }
            for (String r : recipe.reparameterizations()) {
                used.put("Reparameterization:" + r, Map.entry(Reparameterization.class, r));
            }
            used.put("Quantizer:" + io.qvit.engine.quant.ProtocolDefaults.QUANTIZER,
                    Map.entry(Quantizer.class, io.qvit.engine.quant.ProtocolDefaults.QUANTIZER));
            recipe.sites().values().stream().map(io.qvit.api.quant.SiteRule::quantizer).filter(java.util.Objects::nonNull)
                    .forEach(q -> used.put("Quantizer:" + q, Map.entry(Quantizer.class, q)));
        }
        Map<String, String> versions = new java.util.TreeMap<>();
        Map<String, String> content = new java.util.TreeMap<>();
        used.forEach((key, use) -> {
            versions.put(key, plugins.version(use.getKey(), use.getValue()));
            content.put(key, plugins.fingerprint(use.getKey(), use.getValue()));
        });
        tree.set("plugins", JSON.valueToTree(versions));
        tree.set("plugins_sha256", JSON.valueToTree(content));
        tree.set("platform_sha256", JSON.valueToTree(PlatformCode.fingerprints()));
        return tree;
    }

    /** SHA-256 of every image set of the experiment (calibration and evaluation), computed once per engine. */
    private Map<String, String> dataChecksums(ExperimentFile file) throws ExperimentException {
        Map<String, String> out = new java.util.TreeMap<>();
        ExperimentSpec.DataSpec data = file.spec().data();
        if (data == null) {
            return out;
        }
        List<Map.Entry<String, ImageSetSpec>> sets = new ArrayList<>();
        if (data.calibration() != null) {
            sets.add(Map.entry("data.calibration", data.calibration()));
        }
        for (int i = 0; i < data.evaluation().size(); i++) {
            sets.add(Map.entry("data.evaluation[" + i + "]", data.evaluation().get(i)));
        }
        for (Map.Entry<String, ImageSetSpec> e : sets) {
            String memo = file.resolve(e.getValue().images()) + "|" + e.getValue() + "|" + file.spec().seed();
            String sha = dataChecksums.get(memo);
            if (sha == null) {
                try {
                    sha = open(file, e.getKey(), e.getValue()).checksum();
                } catch (IOException ex) {
                    throw file.error(e.getKey(), "cannot read: " + ex.getMessage());
                }
                dataChecksums.put(memo, sha);
            }
            out.put(e.getValue().name() == null ? "calibration" : e.getValue().name(), sha);
        }
        return out;
    }

    /**
     * Runs the experiment into {@code runDir}. Stages that finished in an earlier, interrupted run
     * of the same resolved experiment (quantized evaluations, kept in {@code runDir/state/}) are
     * not redone; calibration is deterministic and is recomputed. The folder is locked for the run
     * and marked with the experiment ({@link RunFolder}).
     *
     * @param force recompute even when finished results exist, and replace another experiment's results
     * @throws RunFolderException if the folder is a file, in use by another run, or holds another experiment (without force)
     * @return the results document
     * @throws ExperimentException for problems with the experiment's inputs (loader, data, plan)
     * @throws IOException when reading inputs or writing results fails
     */
    public JsonNode run(ExperimentFile file, Path runDir, boolean force) throws ExperimentException, IOException {
        try (RunFolder folder = RunFolder.open(runDir, file.spec().name(), configHash(file), force, JSON)) {
            JsonNode results = file.spec().repeat() != null ? Repeats.run(this, JSON, file, runDir, force)
                    : runLocked(file, runDir, force);
            folder.finished();
            return results;
        }
    }

    private JsonNode runLocked(ExperimentFile file, Path runDir, boolean force) throws ExperimentException, IOException {
        String hash = configHash(file);
        Path resultsFile = runDir.resolve("results.json");
        if (!force && Files.exists(resultsFile)) {
            JsonNode previous = JSON.readTree(resultsFile.toFile());
            if (hash.equals(previous.path("config_hash").asText())) {
                progress.println("qvit: " + resultsFile + " is up to date (same resolved experiment); use --force to recompute");
                progress.flush();
                return previous;
            }
        }
        Files.createDirectories(runDir);
        StageState state = new StageState(runDir.resolve("state"), hash, JSON);
        if (force) {
            state.clear();
        }
        AtomicFiles.write(runDir.resolve("experiment.resolved.json"), JSON.writeValueAsString(resolved(file)));
        Timings timings = new Timings();
        ExperimentSpec spec = file.spec();
        Prepared prepared = prepare(file, timings);
        int threads = prepared.threads();
        Evaluator evaluator = new Evaluator(progress, prepared.batchSize(), threads);
        Path checkpoint = prepared.checkpoint();
        String loaderId = prepared.loaderId();
        VisionModel model = prepared.compiled().model();
        String modelSha = prepared.modelSha();
        CompiledModel compiled = prepared.compiled();
        ImageTransform transform = prepared.transform();
        QuantizationRecipe recipe = prepared.recipe();
        List<SitePlan> plan = prepared.plan();
        Map<String, String> pluginVersions = prepared.pluginVersions();
        DeployStage deploy = DeployStage.of(file, plugins);
        if (deploy != null) {
            deploy.addVersions(pluginVersions);
        }
        Map<String, JsonNode> fp32Evals = new LinkedHashMap<>();
        Map<String, JsonNode> quantizedEvals = new LinkedHashMap<>();

        // Data first, so that a bad evaluation set fails before minutes of work.
        List<ImageSetSpec> evaluation = spec.data() == null ? List.of() : spec.data().evaluation();
        List<ImageDataset> datasets = new ArrayList<>();
        for (int i = 0; i < evaluation.size(); i++) {
            ImageSetSpec set = evaluation.get(i);
            String key = "data.evaluation[" + i + "]";
            ImageDataset dataset = timings.time("load_data." + set.name(), () -> open(file, key, set));
            checkLabels(file, key, dataset, model.config().numClasses());
            datasets.add(dataset);
        }

        Map<String, Map<String, Object>> sets = new LinkedHashMap<>();
        Map<String, Object> throughput = new LinkedHashMap<>();
        for (int i = 0; i < evaluation.size(); i++) {
            String name = evaluation.get(i).name();
            ImageDataset dataset = datasets.get(i);
            String dataSha = timings.time("checksum_data." + name, dataset::checksum);
            String cacheKey = Checksums.text(modelSha + "|" + dataSha + "|" + model.config().preprocessing() + "|"
                    + model.config().architecture() + "|" + PlatformCode.fingerprints());
            Float32Cache cache = new Float32Cache(cacheDir, JSON, progress);
            JsonNode fp32 = cache.load(cacheKey).orElse(null);
            if (fp32 != null) {
                progress.println("qvit: float32 " + name + " from cache " + cache.file(cacheKey));
                timings.put("fp32_eval." + name, 0.0);
            } else {
                fp32 = evaluator.evaluate(JSON, name + " fp32", dataset, transform, compiled::forward);
                timings.put("fp32_eval." + name, fp32.path("seconds").asDouble());
                throughput.put("fp32_eval_images_per_second." + name, perSecond(fp32, "seconds"));
                throughput.put("fp32_forward_images_per_second." + name, perSecond(fp32, "forward_seconds"));
                cache.store(cacheKey, fp32);
            }
            fp32Evals.put(name, fp32);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("images", fp32.path("images").asLong());
            result.put("skipped", fp32.path("skipped"));
            result.put("fp32", accuracy(fp32));
            result.put("quantized", null);
            result.put("data_sha256", dataSha);
            sets.put(name, result);
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", spec.name());
        doc.put("config_hash", hash);
        doc.put("status", "finished");
        doc.put("model", Map.of("architecture", model.config().architecture(), "checkpoint", checkpoint.toString(),
                "sha256", modelSha, "loader", loaderId + " " + plugins.version(ModelLoader.class, loaderId)));

        if (recipe != null) {
            List<SitePlan> runPlan = plan;
            if (recipe.bitAllocator() != null) {
                io.qvit.engine.alloc.Allocation allocation = allocate(file, compiled, recipe, plan, transform, threads,
                        timings, pluginVersions);
                runPlan = allocation.plan();
                doc.put("allocation", allocation.summary());
                afterStage.accept("bit_allocation");
            }
            Calibrated calibrated = calibrate(file, compiled, recipe, runPlan, transform, threads, timings, pluginVersions);
            QuantizedModel quantized = calibrated.model();
            Tensor calibrationImages = calibrated.images();
            afterStage.accept("calibration");
            AtomicFiles.write(runDir.resolve("quant_params.json"), JSON.writeValueAsString(QuantParamsExport.of(quantized)));
            Tensor analysisImages = firstImages(calibrationImages, 8);
            List<SiteStats> siteStats = timings.time("site_analysis",
                    () -> SiteAnalysis.analyse(calibrated.reference(), quantized, analysisImages));
            String kernelId = spec.quantization() == null ? null : spec.quantization().integerKernel();
            IntegerModel integer = null;
            java.util.function.UnaryOperator<Tensor> simulation = null;
            if (kernelId != null) {
                IntegerKernel found = plugins.find(IntegerKernel.class, kernelId).orElseThrow(() -> file.error(
                        "quantization.integer_kernel", "integer kernel plugin '" + kernelId + "' is not available"));
                IntegerKernel kernel;
                try {
                    kernel = found.withOptions(spec.quantization().kernelOptions());
                } catch (IllegalArgumentException e) {
                    throw file.error("quantization.integer_kernel_options", e.getMessage());
                }
                pluginVersions.put("IntegerKernel:" + kernelId, plugins.version(IntegerKernel.class, kernelId));
                QuantizedModel q = quantized;
                try {
                    integer = timings.time("integer_conversion", () -> IntegerModel.convert(q.model(), q.params(), kernel));
                } catch (IllegalArgumentException | UnsupportedOperationException e) {
                    throw file.error("quantization.integer_kernel", e.getMessage());
                }
                try {
                    IntegerSimulation hook = new IntegerSimulation(q.model(), q.params(), kernel);
                    simulation = hook::forward;
                    doc.put("integer", Map.of("kernel", kernelId + " " + plugins.version(IntegerKernel.class, kernelId),
                            "weight_bytes", integer.weightBytes(), "macs_per_image", integer.macsPerImage(),
                            "simulation_accumulator_bound", hook.accumulatorBound()));
                } catch (IllegalArgumentException e) {
                    throw file.error("quantization.integer_kernel", e.getMessage());
                }
            }
            for (int i = 0; i < evaluation.size(); i++) {
                String name = evaluation.get(i).name();
                String stage = "quantized_eval." + name;
                JsonNode q = state.load(stage);
                if (q == null) {
                    q = evaluator.evaluate(JSON, name + " quantized", datasets.get(i), transform, quantized::forward);
                    state.save(stage, q);
                    timings.put(stage, q.path("seconds").asDouble());
                    throughput.put("quantized_eval_images_per_second." + name, perSecond(q, "seconds"));
                    throughput.put("quantized_forward_images_per_second." + name, perSecond(q, "forward_seconds"));
                } else {
                    progress.println("qvit: quantized " + name + " from the interrupted run's state");
                    timings.put(stage, 0.0);
                }
                afterStage.accept(stage);
                sets.get(name).put("quantized", accuracy(q));
                quantizedEvals.put(name, q);
                if (integer != null) {
                    String sstage = "simulated_integer_eval." + name;
                    JsonNode sim = state.load(sstage);
                    if (sim == null) {
                        sim = evaluator.evaluate(JSON, name + " simulated integer", datasets.get(i), transform, simulation);
                        state.save(sstage, sim);
                        timings.put(sstage, sim.path("seconds").asDouble());
                    } else {
                        timings.put(sstage, 0.0);
                    }
                    afterStage.accept(sstage);
                    sets.get(name).put("simulated_integer", accuracy(sim));
                    String istage = "integer_eval." + name;
                    JsonNode r = state.load(istage);
                    if (r == null) {
                        r = evaluator.evaluate(JSON, name + " integer", datasets.get(i), transform, integer::forward);
                        state.save(istage, r);
                        timings.put(istage, r.path("seconds").asDouble());
                        throughput.put("integer_eval_images_per_second." + name, perSecond(r, "seconds"));
                        throughput.put("integer_forward_images_per_second." + name, perSecond(r, "forward_seconds"));
                    } else {
                        timings.put(istage, 0.0);
                    }
                    afterStage.accept(istage);
                    Map<String, Object> ir = accuracy(r);
                    double agree = Evaluator.agreement(q, r);
                    ir.put("top1_agreement_with_quantized", Double.isNaN(agree) ? null : agree);
                    double agreeSim = Evaluator.agreement(sim, r);
                    ir.put("top1_agreement_with_simulated_integer", Double.isNaN(agreeSim) ? null : agreeSim);
                    sets.get(name).put("integer", ir);
                }
            }
            doc.put("sites", siteStats);
            doc.put("average_bits", io.qvit.engine.alloc.SiteElements.averageBits(calibrated.reference(),
                    analysisImages, quantized.plan()));
            Map<String, Object> sizes = new LinkedHashMap<>();
            sizes.put("fp32", ModelSize.float32Bytes(compiled));
            sizes.put("quantized", ModelSize.quantizedBytes(compiled, quantized));
            if (integer != null) {
                sizes.put("integer", integer.weightBytes());
            }
            doc.put("model_size_bytes", sizes);
            doc.put("calibration", Map.of("images", calibrationImages.dim(0), "analysis_images", analysisImages.dim(0)));
            if (deploy != null) {
                doc.put("deploy", deploy.run(io.qvit.engine.deploy.CalibratedModels.of(calibrated.reference(), quantized,
                        Map.of("experiment", spec.name(), "config_hash", hash)), runDir.resolve("deploy"),
                        new DeployStage.Inputs(evaluation.stream().map(ImageSetSpec::name).toList(), datasets, transform, fp32Evals,
                        quantizedEvals), evaluator, JSON, threads, sets, timings, progress));
            }
        } else if (deploy != null) {
            doc.put("deploy", deploy.run(io.qvit.api.deploy.CalibratedModel.float32(model,
                    Map.of("experiment", spec.name(), "config_hash", hash)), runDir.resolve("deploy"),
                    new DeployStage.Inputs(evaluation.stream().map(ImageSetSpec::name).toList(), datasets, transform, fp32Evals,
                    quantizedEvals), evaluator, JSON, threads, sets, timings, progress));
        }
        doc.put("sets", sets);
        doc.put("timings", timings.asMap());
        doc.put("throughput", throughput);
        Map<String, Object> provenance = Provenance.collect(spec, pluginVersions, modelSha);
        provenance.put("plugin_bundles", PluginBundles.of(plugins, pluginVersions.keySet()));
        Map<String, Object> dataSha = new LinkedHashMap<>();
        sets.forEach((name, r) -> dataSha.put(name, r.get("data_sha256")));
        provenance.put("data_sha256", dataSha);
        AtomicFiles.write(runDir.resolve("provenance.json"), JSON.writeValueAsString(provenance));
        String text = JSON.writeValueAsString(doc);
        JsonNode results = JSON.readTree(text);
        AtomicFiles.write(runDir.resolve("report.md"), ReportWriter.render(results, resolved(file), provenance));
        AtomicFiles.write(resultsFile, text);
        state.clear();
        return results;
    }

    /** What every command on an experiment needs first: the compiled float model and the quantization plan. */
    private record Prepared(Path checkpoint, String loaderId, String modelSha, CompiledModel compiled,
                            ImageTransform transform, QuantizationRecipe recipe, List<SitePlan> plan, int threads,
                            int batchSize, Map<String, String> pluginVersions) {
    }

    private Prepared prepare(ExperimentFile file, Timings timings) throws ExperimentException, IOException {
        ExperimentSpec spec = file.spec();
        int threads = spec.runtime() != null && spec.runtime().threads() != null ? spec.runtime().threads()
                : Runtime.getRuntime().availableProcessors();
        int batchSize = spec.runtime() != null && spec.runtime().batchSize() != null ? spec.runtime().batchSize() : 32;
        Path checkpoint = file.resolve(spec.model().weights());
        String loaderId = spec.model().loader() != null ? spec.model().loader() : loaderFor(file, checkpoint);
        ModelLoader loader = plugins.find(ModelLoader.class, loaderId)
                .orElseThrow(() -> file.error("model.loader", "model loader '" + loaderId + "' is not available"));
        VisionModel model;
        String modelSha;
        try {
            model = timings.time("load_model", () -> loader.load(checkpoint, spec.model().arch()));
            modelSha = timings.time("checksum_model", () -> checksums.sha256(checkpoint));
        } catch (IllegalArgumentException e) {
            throw file.error("model", e.getMessage());
        } catch (io.qvit.api.model.ModelFormatException e) {
            throw file.error("model.weights", e.getMessage()); // an unreadable checkpoint is bad input (exit 2)
        }
        CompiledModel compiled;
        try {
            compiled = timings.time("compile_model", () -> CompiledModel.build(model, new RuntimeOptions(threads)));
        } catch (IllegalArgumentException e) {
            throw file.error("model.weights", e.getMessage());
        }
        QuantizationRecipe recipe = new RecipeExpander(plugins).expand(file);
        List<SitePlan> plan = recipe == null ? null : plan(file, recipe, compiled);
        Map<String, String> pluginVersions = new LinkedHashMap<>();
        pluginVersions.put("ModelLoader:" + loaderId, plugins.version(ModelLoader.class, loaderId));
        io.qvit.data.ImageTransform transform;
        try {
            transform = ModelTransforms.forModel(model.config());
        } catch (IllegalArgumentException e) {
            throw file.error("model.weights", e.getMessage());
        }
        return new Prepared(checkpoint, loaderId, modelSha, compiled, transform,
                recipe, plan, threads, batchSize, pluginVersions);
    }

    /**
     * Per-layer sensitivity: calibrates the experiment's quantization once, then evaluates the
     * first {@code limit} images of the first evaluation set with one group of sites quantized at
     * a time (and with all but that group), so a user sees which layers hurt. Writes
     * {@code sensitivity.json} and {@code sensitivity.md} into {@code outDir}.
     */
    public JsonNode sensitivity(ExperimentFile file, Path outDir, SiteGroups grouping, int limit)
            throws ExperimentException, IOException {
        Timings timings = new Timings();
        Prepared prepared = prepare(file, timings);
        if (prepared.recipe() == null) {
            throw file.error("quantization", "sensitivity analysis needs a quantization section");
        }
        if (file.spec().data() == null || file.spec().data().evaluation().isEmpty()) {
            throw file.error("data.evaluation", "sensitivity analysis needs an evaluation set");
        }
        ImageSetSpec set = file.spec().data().evaluation().get(0);
        ImageDataset dataset = open(file, "data.evaluation[0]", set);
        checkLabels(file, "data.evaluation[0]", dataset, prepared.compiled().config().numClasses());
        if (dataset.size() > limit) {
            dataset = dataset.subset(0, limit);
        }
        List<Batch> batches = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(dataset, prepared.transform(), prepared.batchSize(), prepared.threads())) {
            loader.forEach(batches::add);
        }
        List<SitePlan> plan = prepared.recipe().bitAllocator() == null ? prepared.plan() : allocate(file,
                prepared.compiled(), prepared.recipe(), prepared.plan(), prepared.transform(), prepared.threads(), timings,
                prepared.pluginVersions()).plan();
        Calibrated calibrated = calibrate(file, prepared.compiled(), prepared.recipe(), plan,
                prepared.transform(), prepared.threads(), timings, prepared.pluginVersions());
        CompiledModel fp = calibrated.reference();
        QuantizedModel full = calibrated.model();
        double fpTop1 = top1(batches, prepared.compiled()::forward);
        double fullTop1 = top1(batches, full::forward);
        java.util.TreeMap<String, Integer> groups = new java.util.TreeMap<>(SensitivityOrder.COMPARATOR);
        for (SitePlan p : prepared.plan()) {
            if (p.enabled()) {
                groups.merge(grouping.of(p.site()), 1, Integer::sum);
            }
        }
        List<SensitivityRow> rows = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            progress.print("\rsensitivity: " + (++done) + "/" + groups.size() + " " + g.getKey() + "        ");
            progress.flush();
            QuantizedModel only = full.restrictedTo(fp, site -> grouping.of(site).equals(g.getKey()));
            QuantizedModel complement = full.restrictedTo(fp, site -> !grouping.of(site).equals(g.getKey()));
            rows.add(new SensitivityRow(g.getKey(), g.getValue(), top1(batches, only::forward),
                    top1(batches, complement::forward)));
        }
        progress.println();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", file.spec().name());
        doc.put("config_hash", configHash(file));
        doc.put("set", set.name());
        doc.put("images", batches.stream().mapToInt(Batch::size).sum());
        doc.put("grouping", grouping.name().toLowerCase(java.util.Locale.ROOT));
        doc.put("fp32_top1", fpTop1);
        doc.put("quantized_top1", fullTop1);
        doc.put("groups", rows);
        doc.put("timings", timings.asMap());
        String text = JSON.writeValueAsString(doc);
        AtomicFiles.write(outDir.resolve("sensitivity.json"), text);
        AtomicFiles.write(outDir.resolve("sensitivity.md"), SensitivityReport.render(doc, rows));
        return JSON.readTree(text);
    }

    /**
     * Calibrates {@code file}'s quantization exactly as {@link #run} does (deterministic: the same
     * fitted parameters) and returns the model an exporter takes; float32 when the experiment has no
     * quantization section. Used by {@code qvit export}.
     */
    public io.qvit.api.deploy.CalibratedModel calibratedModel(ExperimentFile file) throws ExperimentException, IOException {
        Timings timings = new Timings();
        Prepared p = prepare(file, timings);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("experiment", file.spec().name());
        provenance.put("config_hash", configHash(file));
        if (p.recipe() == null) {
            return io.qvit.api.deploy.CalibratedModel.float32(p.compiled().model(), provenance);
        }
        List<SitePlan> plan = p.recipe().bitAllocator() == null ? p.plan() : allocate(file, p.compiled(), p.recipe(),
                p.plan(), p.transform(), p.threads(), timings, p.pluginVersions()).plan();
        Calibrated c = calibrate(file, p.compiled(), p.recipe(), plan, p.transform(), p.threads(), timings,
                p.pluginVersions());
        p.pluginVersions().forEach((k, v) -> provenance.put("plugin." + k, v));
        return io.qvit.engine.deploy.CalibratedModels.of(c.reference(), c.model(), provenance);
    }

    private static double top1(List<Batch> batches, java.util.function.UnaryOperator<Tensor> forward) {
        Accuracy acc = new Accuracy();
        for (Batch b : batches) {
            acc.add(forward.apply(b.tensor()), b.labels());
        }
        return acc.top1();
    }

    /**
     * The quantized model, the calibration images it was fitted on, and its float reference (the
     * float model after the reparameterizations: same function, same site tensors up to them).
     */
    private record Calibrated(QuantizedModel model, Tensor images, CompiledModel reference) {
    }

    /** The site plan, checked before any heavy work: every quantizer it names must be installed. */
    private List<SitePlan> plan(ExperimentFile file, QuantizationRecipe recipe, CompiledModel compiled)
            throws ExperimentException {
        List<SitePlan> plan;
        try {
            plan = QuantizationPlanner.plan(recipe, compiled.config(), compiled.sites());
        } catch (IllegalArgumentException e) {
            throw file.error("quantization", e.getMessage());
        }
        for (SitePlan p : plan) {
            if (p.enabled() && !plugins.ids(Quantizer.class).contains(p.quantizer())) {
                throw file.error("quantization", "site " + p.site() + " needs quantizer plugin '" + p.quantizer()
                        + "', which is not installed (installed: " + String.join(", ", plugins.ids(Quantizer.class)) + ")");
            }
        }
        return plan;
    }

    /**
     * Runs the recipe's bit allocator ({@link io.qvit.engine.alloc.AllocationStage}): the plan is
     * calibrated once per candidate width, the allocator chooses, and the returned plan holds its widths.
     */
    private io.qvit.engine.alloc.Allocation allocate(ExperimentFile file, CompiledModel compiled,
                                                     QuantizationRecipe recipe, List<SitePlan> plan,
                                                     ImageTransform transform, int threads, Timings timings,
                                                     Map<String, String> pluginVersions)
            throws ExperimentException, IOException {
        io.qvit.engine.alloc.AllocationStage stage = new io.qvit.engine.alloc.AllocationStage(plugins, line -> {
            progress.println("qvit: " + line);
            progress.flush();
        });
        Timings perWidth = new Timings();
        io.qvit.engine.alloc.Allocation allocation = stage.run(file, recipe.bitAllocator(), plan, p -> {
            Calibrated c = calibrate(file, compiled, recipe, p, transform, threads, perWidth, pluginVersions);
            return new io.qvit.engine.alloc.AllocationStage.Calibration(c.model(), c.images(), c.reference());
        });
        timings.put("bit_allocation", allocation.seconds());
        pluginVersions.put("BitAllocator:" + recipe.bitAllocator(), allocation.version());
        return allocation;
    }

    private Calibrated calibrate(ExperimentFile file, CompiledModel compiled, QuantizationRecipe recipe,
                                 List<SitePlan> plan, ImageTransform transform, int threads, Timings timings,
                                 Map<String, String> pluginVersions) throws ExperimentException, IOException {
        ImageSetSpec calib = file.spec().data() == null ? null : file.spec().data().calibration();
        if (calib == null) {
            throw file.error("data", "a quantization experiment needs calibration images (data.calibration)");
        }
        ImageDataset dataset = timings.time("load_data.calibration", () -> open(file, "data.calibration", calib));
        Tensor images;
        try (BatchLoader loader = new BatchLoader(dataset, transform, Math.max(1, dataset.size()), threads)) {
            Batch batch = timings.time("load_calibration_images", loader::loadAll);
            if (!loader.skipped().isEmpty()) {
                progress.println("qvit: calibration: skipped " + loader.skipped().size() + " unreadable image(s): "
                        + loader.skipped());
            }
            images = batch.tensor();
        }
        CompiledModel target = compiled;
        List<Map.Entry<String, Reparameterization>> afterCalibration = new ArrayList<>();
        for (String id : recipe.reparameterizations()) {
            Reparameterization r = plugins.find(Reparameterization.class, id).orElseThrow(() -> new QuantizationException(
                    "reparameterization plugin '" + id + "' is not installed"));
            pluginVersions.put("Reparameterization:" + id, plugins.version(Reparameterization.class, id));
            if (r.phase() == ReparameterizationPhase.AFTER_CALIBRATION) {
                afterCalibration.add(Map.entry(id, r));
                continue;
            }
            CompiledModel current = target;
            try {
                target = timings.time("reparameterization." + id, () -> CompiledModel.build(
                        r.apply(current.model(), new PlainReparameterizationContext(current.sites())), current.options()));
            } catch (RuntimeException e) {
                throw new QuantizationException("reparameterization '" + id + "' failed: " + e, e);
            }
        }
        for (SitePlan p : plan) {
            if (p.enabled()) {
                pluginVersions.putIfAbsent("Quantizer:" + p.quantizer(), plugins.version(Quantizer.class, p.quantizer()));
            }
        }
        Calibrator calibrator = new Calibrator(plugins);
        CompiledModel calibrationModel = target;
        QuantizedModel quantized = timings.time("calibration", () -> calibrator.calibrate(calibrationModel, plan, images));
        CompiledModel reference = target;
        for (Map.Entry<String, Reparameterization> e : afterCalibration) {
            CompiledModel floatModel = reference;
            QuantizedModel current = quantized;
            Calibrator.Reparameterized rep = timings.time("reparameterization." + e.getKey(),
                    () -> calibrator.reparameterize(floatModel, current, plan, e.getKey(), e.getValue()));
            reference = rep.floatModel();
            quantized = rep.quantized();
        }
        CompiledModel fittingModel = reference;
        QuantizedModel calibratedModel = quantized;
        quantized = timings.time("layer_fitting", () -> LayerFitting.fit(fittingModel, calibratedModel, images, file.spec().seed()));
        return new Calibrated(quantized, images, reference);
    }

    private static Tensor firstImages(Tensor images, int n) {
        int[] shape = images.shape();
        int k = Math.min(n, shape[0]);
        int per = images.size() / shape[0];
        shape[0] = k;
        return Tensor.of(java.util.Arrays.copyOf(images.data(), k * per), shape);
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

    private static double perSecond(JsonNode eval, String secondsKey) {
        double s = eval.path(secondsKey).asDouble();
        return s > 0 ? eval.path("images").asDouble() / s : 0;
    }

    private static void checkLabels(ExperimentFile file, String key, ImageDataset dataset, int classes)
            throws ExperimentException {
        for (int i = 0; i < dataset.size(); i++) {
            if (dataset.label(i) < 0 || dataset.label(i) >= classes) {
                throw file.error(key, dataset.description() + ": image " + dataset.name(i) + " has class "
                        + dataset.label(i) + " but the model has " + classes + " classes");
            }
        }
    }

    private String loaderFor(ExperimentFile file, Path checkpoint) throws ExperimentException {
        String name = checkpoint.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        for (String id : plugins.ids(ModelLoader.class)) {
            ModelLoader l = plugins.find(ModelLoader.class, id).orElse(null);
            if (l != null && l.formats().contains(ext)) {
                return id;
            }
        }
        throw file.error("model.weights", "no installed model loader reads '." + ext + "' files (loaders: "
                + String.join(", ", plugins.ids(ModelLoader.class)) + ")");
    }

    private static ImageDataset open(ExperimentFile file, String key, ImageSetSpec set) throws ExperimentException {
        long seed = file.spec().seed();
        try {
            Path images = file.resolve(set.images());
            ImageDataset ds;
            if (set.split() != null) {
                ds = IdxDataset.mnistSplit(images, "train".equals(set.split()));
            } else if (set.list() != null) {
                ds = FileImageDataset.listed(file.resolve(set.list()), images);
            } else if (set.labels() != null) {
                ds = FileImageDataset.labelled(images, file.resolve(set.labels()));
            } else if (Files.exists(images.resolve("labels.txt"))) {
                ds = FileImageDataset.labelled(images);
            } else {
                ds = FileImageDataset.classFolders(images);
            }
            if (set.exclude() != null) {
                Path list = file.resolve(set.exclude());
                try {
                    ds = ds.without(new java.util.HashSet<>(Files.readAllLines(list).stream()
                            .map(String::strip).filter(l -> !l.isEmpty()).toList()));
                } catch (IllegalArgumentException e) {
                    throw file.error(key + ".exclude", list + ": " + e.getMessage());
                }
            }
            if (set.limit() != null && set.limit() < ds.size()) {
                ds = ds.subset(0, set.limit());
            }
            return set.sample() != null ? ds.sample(set.sample(), Seeds.derive(seed, key)) : ds;
        } catch (IOException e) {
            throw file.error(key, e.getMessage());
        }
    }
}
