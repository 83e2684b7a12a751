package io.qvit.engine.quant;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.SiteRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@link QuantizationRecipe} against a model's sites: for every site, the
 * {@link ProtocolDefaults} and the recipe's rules that match it are applied from least to most
 * specific (see {@link SitePattern}), giving the quantizer id and {@link QuantizerConfig} of the
 * site, or float32. Every site starts from a rule naming {@link ProtocolDefaults#QUANTIZER}, so the
 * options of a broader rule reach a site only if its quantizer is the one of that rule
 * ({@link SiteRule#over}).
 */
public final class QuantizationPlanner {
    /** Where every site starts: the protocol's quantizer, nothing else set. */
    private static final SiteRule START = SiteRule.builder().quantizer(ProtocolDefaults.QUANTIZER).build();

    private QuantizationPlanner() {
    }

    private record Rule(SitePattern pattern, SiteRule rule, int order) {
    }

    /**
     * The plan for {@code sites} of a model of {@code config}.
     *
     * @throws IllegalArgumentException naming the site and the rule when a resolved configuration
     *     is invalid (bits out of range, unknown granularity, per-head away from attention)
     */
    public static List<SitePlan> plan(QuantizationRecipe recipe, ModelConfig config, List<QuantSite> sites) {
        return plan(recipe, sites, site -> heads(site, config));
    }

    /**
     * The plan for sites of a model not yet loaded (attention sites get one head): what the checks
     * before any work need to hand each site's configuration to its quantizer's validation.
     */
    public static List<SitePlan> planWithoutModel(QuantizationRecipe recipe, List<QuantSite> sites) {
        return plan(recipe, sites, site -> 1);
    }

    private static List<SitePlan> plan(QuantizationRecipe recipe, List<QuantSite> sites,
                                       java.util.function.ToIntFunction<QuantSite> heads) {
        List<Rule> rules = new ArrayList<>();
        int order = 0;
        for (Map.Entry<String, SiteRule> e : ProtocolDefaults.rules().entrySet()) {
            rules.add(new Rule(SitePattern.of(e.getKey()), e.getValue(), order++));
        }
        for (Map.Entry<String, SiteRule> e : recipe.sites().entrySet()) {
            rules.add(new Rule(SitePattern.of(e.getKey()), e.getValue(), order++));
        }
        rules.sort(Comparator.comparingInt((Rule r) -> r.pattern().specificity()).thenComparingInt(Rule::order));
        List<SitePlan> plan = new ArrayList<>();
        for (QuantSite site : sites) {
            // A rule without a quantizer means the protocol's: options are scoped by quantizer id (SiteRule.over).
            SiteRule effective = START;
            for (Rule r : rules) {
                if (r.pattern().matches(site)) {
                    effective = r.rule().over(effective);
                }
            }
            plan.add(resolve(site, effective, heads));
        }
        return plan;
    }

    private static SitePlan resolve(QuantSite site, SiteRule rule, java.util.function.ToIntFunction<QuantSite> headsOf) {
        if (Boolean.FALSE.equals(rule.enabled())) {
            return new SitePlan(site, null, null);
        }
        Granularity g = granularity(site, rule.granularity());
        int heads = g == Granularity.PER_HEAD ? headsOf.applyAsInt(site) : 0;
        try {
            QuantizerConfig qc = new QuantizerConfig(rule.bits(), g, Boolean.TRUE.equals(rule.symmetric()),
                    rule.init() == null ? "minmax" : rule.init(), heads, rule.options());
            return new SitePlan(site, rule.quantizer() == null ? ProtocolDefaults.QUANTIZER : rule.quantizer(), qc);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site + ": " + e.getMessage(), e);
        }
    }

    private static Granularity granularity(QuantSite site, String name) {
        return switch (name == null ? "per-tensor" : name) {
            case "per-tensor" -> Granularity.PER_TENSOR;
            case "per-channel" -> Granularity.PER_CHANNEL;
            case "per-head" -> {
                if (site.role() != SiteRole.ATTN_Q && site.role() != SiteRole.ATTN_K && site.role() != SiteRole.ATTN_V
                        && site.role() != SiteRole.ATTN_PROBS && site.role() != SiteRole.SOFTMAX_INPUT) {
                    throw new IllegalArgumentException("site " + site + ": per-head granularity applies to attention "
                            + "operands only (attn.q, attn.k, attn.v, attn.probs, softmax.input)");
                }
                yield Granularity.PER_HEAD;
            }
            default -> throw new IllegalArgumentException("site " + site + ": unknown granularity '" + name + "'");
        };
    }

    /** Attention heads at an attention site: the model's, or the Swin stage's. */
    private static int heads(QuantSite site, ModelConfig config) {
        if (config.family() != ArchitectureFamily.SWIN) {
            return config.numHeads();
        }
        String[] parts = site.scope().split("\\.");
        return config.heads().get(Integer.parseInt(parts[1]));
    }
}
