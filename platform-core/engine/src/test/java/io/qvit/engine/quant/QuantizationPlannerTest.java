package io.qvit.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.SiteRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizationPlannerTest {
    private static final ModelConfig VIT = new ModelConfig("vit_test", ArchitectureFamily.VIT, 32, 16, 3, 10, 12, 2, 3,
            4.0, true, 1e-6, "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(32));

    private static List<QuantSite> sites() {
        List<QuantSite> s = new ArrayList<>();
        s.add(new QuantSite("", SiteRole.PATCH_EMBED_INPUT));
        s.add(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT));
        for (int b = 0; b < 2; b++) {
            for (SiteRole r : SiteRole.values()) {
                if (!r.key().startsWith("patch_embed") && !r.key().startsWith("head") && !r.key().startsWith("reduction")) {
                    s.add(new QuantSite("blocks." + b, r));
                }
            }
        }
        s.add(new QuantSite("", SiteRole.HEAD_INPUT));
        s.add(new QuantSite("", SiteRole.HEAD_WEIGHT));
        return s;
    }

    private static SiteRule bits(int b) {
        return new SiteRule(null, b, null, null, null, null, Map.of());
    }

    private static Map<String, SitePlan> plan(Map<String, SiteRule> rules) {
        Map<String, SitePlan> byId = new LinkedHashMap<>();
        for (SitePlan p : QuantizationPlanner.plan(new QuantizationRecipe(List.of(), rules, null), VIT, sites())) {
            byId.put(p.site().id(), p);
        }
        return byId;
    }

    @Test
    void theCommonProtocolIsTheDefault() {
        Map<String, SitePlan> p = plan(Map.of());
        assertEquals(Granularity.PER_CHANNEL, p.get("blocks.0.qkv.weight").config().granularity());
        assertEquals(Granularity.PER_TENSOR, p.get("blocks.0.qkv.input").config().granularity());
        assertEquals("uniform", p.get("blocks.0.attn.probs").quantizer());
        assertTrue(p.get("head.weight").enabled());
        assertTrue(p.get("head.input").enabled());
        assertFalse(p.get("blocks.0.norm.input").enabled());
        assertFalse(p.get("blocks.1.softmax.input").enabled());
        assertFalse(p.get("blocks.1.gelu.input").enabled());
        assertFalse(p.get("blocks.1.residual").enabled());
    }

    @Test
    void narrowerRulesWinWhateverTheirOrder() {
        Map<String, SiteRule> rules = new LinkedHashMap<>();
        rules.put("blocks.1.fc2.input", bits(8));
        rules.put("*.weight", bits(3));
        rules.put("default", bits(4));
        Map<String, SitePlan> p = plan(rules);
        assertEquals(8, p.get("blocks.1.fc2.input").config().bits());
        assertEquals(4, p.get("blocks.0.fc2.input").config().bits());
        assertEquals(3, p.get("blocks.0.fc1.weight").config().bits());
        assertEquals(8, p.get("patch_embed.input").config().bits(), "the protocol keeps the image input at 8 bits");
    }

    @Test
    void aRoleRuleAppliesInEveryBlockAndCanEnableFullyQuantizedSites() {
        Map<String, SiteRule> rules = new LinkedHashMap<>();
        rules.put("attn.probs", new SiteRule("other", 6, null, null, "percentile", null, Map.of("k", 1)));
        rules.put("norm.input", new SiteRule(null, null, null, null, null, true, Map.of()));
        Map<String, SitePlan> p = plan(rules);
        for (String b : List.of("blocks.0", "blocks.1")) {
            assertEquals("other", p.get(b + ".attn.probs").quantizer());
            assertEquals(6, p.get(b + ".attn.probs").config().bits());
            assertEquals(Map.of("k", 1), p.get(b + ".attn.probs").config().options());
            assertTrue(p.get(b + ".norm.input").enabled());
        }
        assertEquals("uniform", p.get("blocks.0.attn.v").quantizer());
    }

    @Test
    void perHeadGetsTheHeadCountAndIsRefusedAwayFromAttention() {
        Map<String, SitePlan> p = plan(Map.of("attn.v", new SiteRule(null, null, "per-head", null, null, null, Map.of())));
        assertEquals(3, p.get("blocks.0.attn.v").config().heads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plan(Map.of("fc1.input", new SiteRule(null, null, "per-head", null, null, null, Map.of()))));
        assertTrue(e.getMessage().contains("blocks.0.fc1.input"), e.getMessage());
    }

    @Test
    void uniformsPercentileOnTheDefaultRuleDoesNotReachAnotherQuantizer() {
        Map<String, SiteRule> rules = new LinkedHashMap<>();
        rules.put("default", SiteRule.builder().quantizer("uniform").init("percentile").option("percentile", 0.999).build());
        rules.put("attn.probs", SiteRule.builder().quantizer("log-sqrt2").init("percentile-mse").build());
        rules.put("blocks.1.attn.probs", SiteRule.builder().option("paradigm", "sequential").build());
        Map<String, SitePlan> p = plan(rules);
        assertEquals("log-sqrt2", p.get("blocks.0.attn.probs").quantizer());
        assertEquals(Map.of(), p.get("blocks.0.attn.probs").config().options());
        assertEquals(Map.of("paradigm", "sequential"), p.get("blocks.1.attn.probs").config().options(),
                "a narrower rule without quantizer merges into log-sqrt2's options");
        assertEquals(Map.of("percentile", 0.999), p.get("blocks.0.attn.v").config().options());
        assertEquals(Map.of("percentile", 0.999), p.get("blocks.1.fc2.input").config().options());
    }

    @Test
    void aRuleWithoutQuantizerMeansTheProtocolsQuantizer() {
        Map<String, SiteRule> rules = new LinkedHashMap<>();
        rules.put("default", SiteRule.builder().option("percentile", 0.999).build());
        rules.put("attn.v", SiteRule.builder().quantizer(ProtocolDefaults.QUANTIZER).option("max_samples", 8).build());
        rules.put("attn.probs", SiteRule.builder().quantizer("log-sqrt2").build());
        Map<String, SitePlan> p = plan(rules);
        assertEquals(ProtocolDefaults.QUANTIZER, p.get("blocks.0.attn.v").quantizer());
        assertEquals(Map.of("percentile", 0.999, "max_samples", 8), p.get("blocks.0.attn.v").config().options(),
                "naming the protocol's quantizer keeps the options of a rule that named none");
        assertEquals(Map.of("percentile", 0.999), p.get("blocks.0.qkv.input").config().options());
        assertEquals(Map.of(), p.get("blocks.0.attn.probs").config().options());
    }

    @Test
    void globsWithAScopeOutrankRoleRules() {
        Map<String, SiteRule> rules = new LinkedHashMap<>();
        rules.put("blocks.1.*", bits(5));
        rules.put("qkv.input", bits(7));
        Map<String, SitePlan> p = plan(rules);
        assertEquals(5, p.get("blocks.1.qkv.input").config().bits());
        assertEquals(7, p.get("blocks.0.qkv.input").config().bits());
    }
}
