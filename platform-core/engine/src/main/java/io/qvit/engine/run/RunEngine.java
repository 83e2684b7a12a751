package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.BatchLoader;
import io.qvit.data.Batch;
import io.qvit.data.EvalTransform;
import io.qvit.data.FileImageDataset;
import io.qvit.data.ImageDataset;
import io.qvit.data.SkippedImage;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.recipe.RecipeExpander;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.RuntimeOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one experiment: resolve plugins, load the model, open the data, evaluate float32 (cached
 * by model and data checksum), and write {@code results.json} and {@code provenance.json}
 * atomically into the run folder, which is keyed by the hash of the resolved experiment. A run
 * whose results exist for the same resolved experiment is not recomputed.
 *
 * <p>Quantized execution arrives with the quantization framework; until then an experiment with a
 * {@code quantization} section fails validation on its plugin ids.
 */
public final class RunEngine {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final PluginCatalog plugins;
    private final Path cacheDir;
    private final PrintWriter progress;

    /**
     * An engine.
     *
     * @param plugins where loaders and quantizers come from
     * @param cacheDir where float32 results are cached across runs
     * @param progress where progress lines go (usually standard error)
     */
    public RunEngine(PluginCatalog plugins, Path cacheDir, PrintWriter progress) {
        this.plugins = plugins;
        this.cacheDir = cacheDir;
        this.progress = progress;
    }

    /** The run folder of {@code file} below {@code runsRoot}: {@code <name>/<first 12 hex of the config hash>}. */
    public Path runFolder(ExperimentFile file, Path runsRoot) throws ExperimentException {
        return runsRoot.resolve(file.spec().name()).resolve(configHash(file).substring(0, 12));
    }

    /** SHA-256 of the resolved experiment (interpolated, preset expanded, keys sorted). */
    public String configHash(ExperimentFile file) throws ExperimentException {
        try {
            return Checksums.text(JSON.writeValueAsString(JSON.convertValue(resolved(file), Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode resolved(ExperimentFile file) throws ExperimentException {
        ObjectNode tree = file.tree().root().deepCopy();
        QuantizationRecipe recipe = new RecipeExpander(plugins).expand(file);
        if (recipe != null) {
            tree.set("quantization", JSON.valueToTree(recipe));
        }
        return tree;
    }

    /**
     * Runs the experiment into {@code runDir}.
     *
     * @param force recompute even when finished results exist
     * @return the results document
     * @throws ExperimentException for problems with the experiment's inputs (loader, data)
     * @throws IOException when reading inputs or writing results fails
     */
    public JsonNode run(ExperimentFile file, Path runDir, boolean force) throws ExperimentException, IOException {
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
        AtomicFiles.write(runDir.resolve("experiment.resolved.json"), JSON.writeValueAsString(resolved(file)));
        Timings timings = new Timings();
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
            modelSha = timings.time("checksum_model", () -> Checksums.file(checkpoint));
        } catch (IllegalArgumentException e) {
            throw file.error("model", e.getMessage());
        }
        CompiledModel compiled;
        try {
            compiled = timings.time("compile_model", () -> CompiledModel.build(model, new RuntimeOptions(threads)));
        } catch (IllegalArgumentException e) {
            throw file.error("model.weights", e.getMessage());
        }

        Map<String, Object> sets = new LinkedHashMap<>();
        Map<String, Object> throughput = new LinkedHashMap<>();
        EvalTransform transform = new EvalTransform(model.config().preprocessing());
        List<ImageSetSpec> evaluation = spec.data() == null ? List.of() : spec.data().evaluation();
        for (int i = 0; i < evaluation.size(); i++) {
            ImageSetSpec set = evaluation.get(i);
            String key = "data.evaluation[" + i + "]";
            ImageDataset dataset = timings.time("load_data." + set.name(), () -> open(file, key, set));
            checkLabels(file, key, dataset, model.config().numClasses());
            String dataSha = timings.time("checksum_data." + set.name(), dataset::checksum);
            String cacheKey = Checksums.text(modelSha + "|" + dataSha + "|" + model.config().preprocessing() + "|"
                    + model.config().architecture());
            Path cached = cacheDir.resolve("fp32").resolve(cacheKey + ".json");
            Map<String, Object> result = new LinkedHashMap<>();
            JsonNode fp32;
            if (Files.exists(cached)) {
                fp32 = JSON.readTree(cached.toFile());
                progress.println("qvit: float32 " + set.name() + " from cache " + cached);
                timings.put("fp32_eval." + set.name(), 0.0);
            } else {
                long t0 = System.nanoTime();
                fp32 = evaluate(compiled, dataset, transform, batchSize, threads, set.name());
                double seconds = (System.nanoTime() - t0) / 1e9;
                timings.put("fp32_eval." + set.name(), seconds);
                throughput.put("fp32_eval_images_per_second." + set.name(), fp32.path("images").asDouble() / seconds);
                throughput.put("fp32_forward_images_per_second." + set.name(),
                        fp32.path("images").asDouble() / fp32.path("forward_seconds").asDouble());
                AtomicFiles.write(cached, JSON.writeValueAsString(fp32));
            }
            result.put("images", fp32.path("images").asLong());
            result.put("skipped", fp32.path("skipped"));
            result.put("fp32", Map.of("top1", fp32.path("top1").asDouble(), "top5", fp32.path("top5").asDouble()));
            result.put("quantized", null);
            result.put("data_sha256", dataSha);
            sets.put(set.name(), result);
        }

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", spec.name());
        doc.put("config_hash", hash);
        doc.put("status", "finished");
        doc.put("model", Map.of("architecture", model.config().architecture(), "checkpoint", checkpoint.toString(),
                "sha256", modelSha, "loader", loaderId + " " + plugins.version(ModelLoader.class, loaderId)));
        doc.put("sets", sets);
        doc.put("timings", timings.asMap());
        doc.put("throughput", throughput);
        AtomicFiles.write(runDir.resolve("provenance.json"), JSON.writeValueAsString(Provenance.collect(spec,
                Map.of("ModelLoader:" + loaderId, plugins.version(ModelLoader.class, loaderId)), modelSha)));
        String text = JSON.writeValueAsString(doc);
        AtomicFiles.write(resultsFile, text);
        return JSON.readTree(text);
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
        try {
            Path images = file.resolve(set.images());
            ImageDataset ds;
            if (set.list() != null) {
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
            return set.limit() != null && set.limit() < ds.size() ? ds.subset(0, set.limit()) : ds;
        } catch (IOException e) {
            throw file.error(key, e.getMessage());
        }
    }

    private JsonNode evaluate(CompiledModel model, ImageDataset dataset, EvalTransform transform, int batchSize,
                              int threads, String name) {
        Accuracy acc = new Accuracy();
        ProgressBar bar = new ProgressBar(progress, name, dataset.size());
        List<SkippedImage> skipped;
        long forwardNanos = 0;
        try (BatchLoader loader = new BatchLoader(dataset, transform, batchSize, threads)) {
            for (Batch batch : loader) {
                long t0 = System.nanoTime();
                Tensor logits = model.forward(batch.tensor());
                forwardNanos += System.nanoTime() - t0;
                acc.add(logits, batch.labels());
                bar.update(acc.images() + loader.skipped().size(), acc.top1());
            }
            skipped = loader.skipped();
        }
        bar.done(acc.top1(), acc.top5());
        ObjectNode out = JSON.createObjectNode();
        out.put("images", acc.images());
        out.put("top1", acc.top1());
        out.put("top5", acc.top5());
        out.put("forward_seconds", forwardNanos / 1e9);
        var sk = out.putArray("skipped");
        for (SkippedImage s : skipped) {
            sk.add(s.toString());
        }
        if (!skipped.isEmpty()) {
            progress.println("qvit: " + name + ": skipped " + skipped.size() + " unreadable image(s): " + skipped);
        }
        return out;
    }
}
