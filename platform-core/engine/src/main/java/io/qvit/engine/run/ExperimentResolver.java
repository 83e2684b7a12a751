package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.SiteRule;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.ProtocolDefaults;
import io.qvit.engine.recipe.RecipeExpander;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The experiment as it will run, and its config hash: interpolated, the method preset expanded,
 * the checksums of the checkpoint and of every image set, and the version and content hash of
 * every plugin it uses and of the platform's own code, so that a rebuilt plugin, new data or new
 * numerics give a new config hash (and a new run) instead of an old result. File and data
 * checksums are computed once per resolver.
 */
final class ExperimentResolver {
    private final PluginCatalog plugins;
    private final ObjectMapper json;
    private final FileChecksumCache checksums = new FileChecksumCache();
    private final Map<String, String> dataChecksums = new ConcurrentHashMap<>();

    ExperimentResolver(PluginCatalog plugins, ObjectMapper json) {
        this.plugins = plugins;
        this.json = json;
    }

    /** SHA-256 of the resolved experiment with its keys sorted. */
    String configHash(ExperimentFile file) throws ExperimentException {
        return hash(json, resolved(file));
    }

    /** The config hash of a resolved experiment: SHA-256 of its JSON with the keys sorted. */
    static String hash(ObjectMapper json, JsonNode resolved) {
        try {
            return Checksums.text(json.writeValueAsString(json.convertValue(resolved, Object.class)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of a file, cached by path, size and modification time. */
    String sha256(Path file) throws IOException {
        return checksums.sha256(file);
    }

    /** The resolved experiment document ({@code experiment.resolved.json}). */
    JsonNode resolved(ExperimentFile file) throws ExperimentException {
        ObjectNode tree = file.tree().root().deepCopy();
        Path weights = file.resolve(file.spec().model().weights());
        try {
            tree.put("model_sha256", checksums.sha256(weights));
        } catch (IOException e) {
            throw file.error("model.weights", "cannot read " + weights + ": " + e.getMessage());
        }
        tree.set("data_sha256", json.valueToTree(dataChecksums(file)));
        QuantizationRecipe recipe = new RecipeExpander(plugins).expand(file);
        Map<String, Map.Entry<Class<?>, String>> used = new TreeMap<>();
        String loader = file.spec().model().loader() != null ? file.spec().model().loader()
                : loaderId(plugins, file, weights);
        used.put("ModelLoader:" + loader, Map.entry(ModelLoader.class, loader));
        if (recipe != null) {
            tree.set("quantization", quantization(file, recipe, used));
        }
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> content = new TreeMap<>();
        used.forEach((key, use) -> {
            versions.put(key, plugins.version(use.getKey(), use.getValue()));
            content.put(key, plugins.fingerprint(use.getKey(), use.getValue()));
        });
        tree.set("plugins", json.valueToTree(versions));
        tree.set("plugins_sha256", json.valueToTree(content));
        tree.set("platform_sha256", json.valueToTree(PlatformCode.fingerprints()));
        return tree;
    }

    /** The expanded recipe with the kernel and allocator keys; records every plugin it uses in {@code used}. */
    private ObjectNode quantization(ExperimentFile file, QuantizationRecipe recipe,
                                    Map<String, Map.Entry<Class<?>, String>> used) {
        ObjectNode q = json.valueToTree(recipe);
        ExperimentSpec.QuantizationSpec spec = file.spec().quantization();
        String integerKernel = spec.integerKernel();
        if (integerKernel != null) {
            q.put("integer_kernel", integerKernel);
            Map<String, Object> kernelOptions = spec.kernelOptions();
            if (!kernelOptions.isEmpty()) {
                q.set("integer_kernel_options", json.valueToTree(new TreeMap<>(kernelOptions)));
            }
            used.put("IntegerKernel:" + integerKernel, Map.entry(IntegerKernel.class, integerKernel));
        }
        if (spec.bitAllocator() != null) {
            q.set("bit_allocator", json.valueToTree(spec.bitAllocator()));
        }
        if (recipe.bitAllocator() != null) {
            used.put("BitAllocator:" + recipe.bitAllocator(), Map.entry(BitAllocator.class, recipe.bitAllocator()));
        }
        if (spec.method() != null) {
            used.put("MethodPreset:" + spec.method(), Map.entry(MethodPreset.class, spec.method()));
        }
        for (String r : recipe.reparameterizations()) {
            used.put("Reparameterization:" + r, Map.entry(Reparameterization.class, r));
        }
        used.put("Quantizer:" + ProtocolDefaults.QUANTIZER, Map.entry(Quantizer.class, ProtocolDefaults.QUANTIZER));
        recipe.sites().values().stream().map(SiteRule::quantizer).filter(Objects::nonNull)
                .forEach(id -> used.put("Quantizer:" + id, Map.entry(Quantizer.class, id)));
        return q;
    }

    /** SHA-256 of every image set of the experiment (calibration and evaluation), by set name. */
    private Map<String, String> dataChecksums(ExperimentFile file) throws ExperimentException {
        Map<String, String> out = new TreeMap<>();
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
                    sha = DataSets.open(file, e.getKey(), e.getValue()).checksum();
                } catch (IOException ex) {
                    throw file.error(e.getKey(), "cannot read: " + ex.getMessage());
                }
                dataChecksums.put(memo, sha);
            }
            out.put(e.getValue().name() == null ? "calibration" : e.getValue().name(), sha);
        }
        return out;
    }

    /** The installed loader that reads {@code checkpoint}'s file extension. */
    static String loaderId(PluginCatalog plugins, ExperimentFile file, Path checkpoint) throws ExperimentException {
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
}
