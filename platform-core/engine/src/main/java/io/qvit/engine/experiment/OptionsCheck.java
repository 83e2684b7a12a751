package io.qvit.engine.experiment;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.SiteRole;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizationPlanner;
import io.qvit.engine.quant.SitePattern;
import io.qvit.engine.quant.SitePlan;
import io.qvit.engine.recipe.RecipeExpander;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hands every site configuration an experiment resolves to the validation of its quantizer plugin
 * ({@link Quantizer#validate}) before any model is loaded, so that an unknown or mistyped option is a
 * {@code FILE:LINE:COL} error of {@code qvit validate} and of the start of {@code qvit run}. The sites
 * are those of a model not yet seen: every role at block 0, at model level, and at every scope a rule
 * names (so {@code blocks.11.fc2.input} is checked with the options it would really get).
 */
final class OptionsCheck {
    private static final Pattern SCOPE = Pattern.compile("^((?:[a-z_]+\\.\\d+\\.)*[a-z_]+\\.\\d+)\\.");

    private OptionsCheck() {
    }

    /** Adds one error per site configuration its quantizer refuses (one per distinct message). */
    static void check(ExperimentFile file, PluginCatalog plugins, List<ExperimentException> out) {
        QuantizationRecipe recipe;
        try {
            recipe = new RecipeExpander(plugins).expand(file);
        } catch (ExperimentException e) {
            return; // reported by the plugin-id checks
        }
        if (recipe == null) {
            return;
        }
        List<SitePlan> plan;
        try {
            plan = QuantizationPlanner.planWithoutModel(recipe, sites(recipe.sites().keySet()));
        } catch (IllegalArgumentException e) {
            out.add(file.error("quantization", e.getMessage()));
            return;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (SitePlan p : plan) {
            if (!p.enabled()) {
                continue;
            }
            Quantizer q = plugins.find(Quantizer.class, p.quantizer()).orElse(null);
            if (q == null) {
                continue; // reported by the plugin-id checks
            }
            try {
                q.validate(p.config());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                String message = "quantizer '" + p.quantizer() + "' at " + p.site().role().key() + ": " + e.getMessage();
                if (seen.add(message)) {
                    out.add(file.error(keyOf(file, p.site()), message));
                }
            }
        }
    }

    /** The most specific rule of the file that sets options for {@code site}, else its quantization section. */
    private static String keyOf(ExperimentFile file, QuantSite site) {
        ExperimentSpec.QuantizationSpec q = file.spec().quantization();
        String best = null;
        int bestSpecificity = -1;
        if (q.sites() != null) {
            for (Map.Entry<String, io.qvit.api.quant.SiteRule> e : q.sites().entrySet()) {
                SitePattern pattern = SitePattern.of(e.getKey());
                if (pattern.matches(site) && hasOptions(e.getValue()) && pattern.specificity() > bestSpecificity) {
                    best = "quantization.sites." + e.getKey() + ".options";
                    bestSpecificity = pattern.specificity();
                }
            }
        }
        if (best != null) {
            return best;
        }
        io.qvit.api.quant.SiteRule general = site.role().isWeight() ? q.weights() : q.activations();
        if (hasOptions(general)) {
            return "quantization." + (site.role().isWeight() ? "weights" : "activations") + ".options";
        }
        return q.method() != null ? "quantization.method" : "quantization";
    }

    private static boolean hasOptions(io.qvit.api.quant.SiteRule rule) {
        return rule != null && rule.options() != null && !rule.options().isEmpty();
    }

    /** Every role at {@code blocks.0} and at model level, and at every scope a pattern names. */
    static List<QuantSite> sites(Set<String> patterns) {
        Set<String> scopes = new LinkedHashSet<>(List.of("", "blocks.0"));
        for (String pattern : patterns) {
            Matcher m = SCOPE.matcher(pattern);
            if (m.find()) {
                scopes.add(m.group(1));
            }
        }
        List<QuantSite> out = new ArrayList<>();
        for (String scope : scopes) {
            for (SiteRole role : SiteRole.values()) {
                out.add(new QuantSite(scope, role));
            }
        }
        return out;
    }
}
