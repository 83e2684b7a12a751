package io.qvit.engine.run;

import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.plugins.PluginOrigin;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The provenance of the plugins a run used: for every {@code Kind:id} the providing bundle's
 * symbolic name, version and the SHA-256 of its jar ({@code provenance.json} {@code plugin_bundles}),
 * so a result can be traced to the exact plugin bytes, not only a version string.
 */
final class PluginBundles {
    private static final List<Class<?>> KINDS = List.of(ModelLoader.class, Quantizer.class, MethodPreset.class,
            Reparameterization.class, BitAllocator.class, IntegerKernel.class);

    private PluginBundles() {
    }

    /** The origins of {@code keys} ({@code Kind:id}, as in the run's plugin versions), sorted by key. */
    static Map<String, Object> of(PluginCatalog plugins, Collection<String> keys) {
        Map<String, Object> out = new TreeMap<>();
        for (String key : keys) {
            int colon = key.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String kindName = key.substring(0, colon);
            String id = key.substring(colon + 1);
            Class<?> kind = KINDS.stream().filter(k -> k.getSimpleName().equals(kindName)).findFirst().orElse(null);
            Map<String, Object> entry = new LinkedHashMap<>();
            PluginOrigin origin = kind == null ? null : plugins.origin(kind, id).orElse(null);
            entry.put("bundle", origin == null ? "unknown" : origin.bundle());
            entry.put("version", origin == null ? "unknown" : origin.version());
            entry.put("sha256", origin == null ? "unknown" : origin.sha256());
            out.put(key, entry);
        }
        return out;
    }
}
