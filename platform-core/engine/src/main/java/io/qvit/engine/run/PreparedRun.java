package io.qvit.engine.run;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.Quantizer;
import io.qvit.data.ImageTransform;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizationPlanner;
import io.qvit.engine.quant.SitePlan;
import io.qvit.engine.recipe.RecipeExpander;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.RuntimeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every command on an experiment needs first: the loaded and compiled float model, its input
 * transform, the expanded recipe and the site plan (checked: every quantizer it names is installed),
 * the runtime's threads and batch size, and the plugin versions used so far.
 *
 * @param plan the site plan, {@code null} without a quantization section
 */
record PreparedRun(Path checkpoint, String loaderId, String modelSha, CompiledModel compiled,
                   ImageTransform transform, QuantizationRecipe recipe, List<SitePlan> plan, int threads,
                   int batchSize, Map<String, String> pluginVersions) {

    /** Loads, checksums and compiles the model and plans the quantization of {@code file}. */
    static PreparedRun of(PluginCatalog plugins, ExperimentResolver resolver, ExperimentFile file, Timings timings)
            throws ExperimentException, IOException {
        ExperimentSpec spec = file.spec();
        int threads = spec.runtime() != null && spec.runtime().threads() != null ? spec.runtime().threads()
                : Runtime.getRuntime().availableProcessors();
        int batchSize = spec.runtime() != null && spec.runtime().batchSize() != null ? spec.runtime().batchSize() : 32;
        Path checkpoint = file.resolve(spec.model().weights());
        String loaderId = spec.model().loader() != null ? spec.model().loader()
                : ExperimentResolver.loaderId(plugins, file, checkpoint);
        ModelLoader loader = plugins.find(ModelLoader.class, loaderId)
                .orElseThrow(() -> file.error("model.loader", "model loader '" + loaderId + "' is not available"));
        VisionModel model;
        String modelSha;
        try {
            model = timings.time("load_model", () -> loader.load(checkpoint, spec.model().arch()));
            modelSha = timings.time("checksum_model", () -> resolver.sha256(checkpoint));
        } catch (IllegalArgumentException e) {
            throw file.error("model", e.getMessage());
        } catch (ModelFormatException e) {
            throw file.error("model.weights", e.getMessage()); // an unreadable checkpoint is bad input (exit 2)
        }
        CompiledModel compiled;
        try {
            compiled = timings.time("compile_model", () -> CompiledModel.build(model, new RuntimeOptions(threads)));
        } catch (IllegalArgumentException e) {
            throw file.error("model.weights", e.getMessage());
        }
        QuantizationRecipe recipe = new RecipeExpander(plugins).expand(file);
        List<SitePlan> plan = recipe == null ? null : plan(plugins, file, recipe, compiled);
        Map<String, String> pluginVersions = new LinkedHashMap<>();
        pluginVersions.put("ModelLoader:" + loaderId, plugins.version(ModelLoader.class, loaderId));
        ImageTransform transform;
        try {
            transform = ModelTransforms.forModel(model.config());
        } catch (IllegalArgumentException e) {
            throw file.error("model.weights", e.getMessage());
        }
        return new PreparedRun(checkpoint, loaderId, modelSha, compiled, transform,
                recipe, plan, threads, batchSize, pluginVersions);
    }

    /** The site plan, checked before any heavy work: every quantizer it names must be installed. */
    private static List<SitePlan> plan(PluginCatalog plugins, ExperimentFile file, QuantizationRecipe recipe,
                                       CompiledModel compiled) throws ExperimentException {
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
}
