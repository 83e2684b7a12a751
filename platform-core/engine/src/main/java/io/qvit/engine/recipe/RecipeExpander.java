package io.qvit.engine.recipe;

import io.qvit.api.quant.MethodPreset;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.QuantizationSpec;
import io.qvit.engine.plugins.PluginCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands an experiment's {@code quantization} section into the explicit
 * {@link QuantizationRecipe}: the rules of its {@link QuantizationScope} first (none for the
 * common protocol), then the method preset's recipe, then the file's {@code weights}
 * (as the {@code *.weight} rule), {@code activations} (as the {@code default} rule), and
 * {@code sites}, each overriding field by field; the file's reparameterization list and bit
 * allocator replace the preset's.
 */
public final class RecipeExpander {
    /** Pattern of the rule that applies to every site. */
    public static final String DEFAULT = "default";
    /** Pattern of the rule that applies to every weight site. */
    public static final String WEIGHTS = "*.weight";

    private final PluginCatalog plugins;

    /** An expander that looks method presets up in {@code plugins}. */
    public RecipeExpander(PluginCatalog plugins) {
        this.plugins = plugins;
    }

    /**
     * The explicit recipe, or null for a float32-only experiment.
     *
     * @throws ExperimentException if the method preset is unknown or its expansion fails
     */
    public QuantizationRecipe expand(ExperimentFile file) throws ExperimentException {
        QuantizationSpec q = file.spec().quantization();
        if (q == null) {
            return null;
        }
        int wBits = bits(q.weights(), 8);
        int aBits = bits(q.activations(), 8);
        QuantizationRecipe base = new QuantizationRecipe(List.of(), Map.of(), null);
        if (q.method() != null) {
            MethodPreset preset = plugins.find(MethodPreset.class, q.method()).orElseThrow(() -> file.error(
                    "quantization.method", "unknown method plugin id '" + q.method() + "' (installed: "
                            + String.join(", ", plugins.ids(MethodPreset.class)) + ")"));
            try {
                base = preset.expand(wBits, aBits);
            } catch (RuntimeException e) {
                throw file.error("quantization.method", "method '" + q.method() + "' failed to expand: " + e);
            }
        }
        Map<String, SiteRule> sites;
        try {
            sites = new LinkedHashMap<>(QuantizationScope.rules(q.scope()));
        } catch (IllegalArgumentException e) {
            throw file.error("quantization.scope", e.getMessage());
        }
        base.sites().forEach((pattern, rule) -> merge(sites, pattern, rule));
        merge(sites, DEFAULT, q.activations());
        merge(sites, WEIGHTS, q.weights());
        if (q.sites() != null) {
            q.sites().forEach((pattern, rule) -> merge(sites, pattern, rule));
        }
        List<String> reparams = q.reparameterizations() != null ? q.reparameterizations() : base.reparameterizations();
        String allocator = q.bitAllocator() != null ? q.bitAllocator().id() : base.bitAllocator();
        return new QuantizationRecipe(reparams, sites, allocator);
    }

    private static void merge(Map<String, SiteRule> sites, String pattern, SiteRule rule) {
        if (rule != null) {
            sites.put(pattern, rule.over(sites.get(pattern)));
        }
    }

    private static int bits(SiteRule rule, int fallback) {
        return rule == null || rule.bits() == null ? fallback : rule.bits();
    }
}
