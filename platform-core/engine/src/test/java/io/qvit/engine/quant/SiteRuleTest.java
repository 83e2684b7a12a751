package io.qvit.engine.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SiteRule}: its builder, and options scoped by quantizer id in {@link SiteRule#over}. */
class SiteRuleTest {
    @Test
    void theBuilderSetsEachFieldAndNothingElse() {
        assertEquals(SiteRule.EMPTY, SiteRule.builder().build());
        SiteRule r = SiteRule.builder().quantizer("log-sqrt2").bits(4).granularity("per-tensor").symmetric(false)
                .init("percentile-mse").enabled(true).option("paradigm", "sequential").option("max_samples", 8).build();
        assertEquals(new SiteRule("log-sqrt2", 4, "per-tensor", false, "percentile-mse", true,
                Map.of("paradigm", "sequential", "max_samples", 8)), r);
        assertEquals(new SiteRule(null, 6, null, null, null, null, Map.of()), SiteRule.builder().bits(6).build());
    }

    @Test
    void optionsReplacesWhatOptionAddedAndOptionAddsToIt() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("a", 1));
        SiteRule r = SiteRule.builder().option("z", 0).options(m).option("b", 2).build();
        m.put("c", 3); // the rule keeps a copy
        assertEquals(Map.of("a", 1, "b", 2), r.options());
        assertEquals(Map.of(), SiteRule.builder().option("a", 1).options(null).build().options());
        assertEquals(Map.of("a", 2), SiteRule.builder().option("a", 1).option("a", 2).build().options());
        assertThrows(NullPointerException.class, () -> SiteRule.builder().option("a", null));
        assertThrows(NullPointerException.class, () -> SiteRule.builder().option(null, 1));
    }

    @Test
    void theSameQuantizerMergesOptionsKeyByKey() {
        SiteRule base = SiteRule.builder().quantizer("uniform").bits(4).option("percentile", 0.999).option("k", 1).build();
        SiteRule narrow = SiteRule.builder().quantizer("uniform").option("k", 2).build();
        SiteRule r = narrow.over(base);
        assertEquals("uniform", r.quantizer());
        assertEquals(4, r.bits());
        assertEquals(Map.of("percentile", 0.999, "k", 2), r.options());
    }

    @Test
    void anotherQuantizerDropsTheBroaderRulesOptionsButKeepsItsOtherFields() {
        SiteRule base = SiteRule.builder().quantizer("uniform").bits(4).init("percentile")
                .option("percentile", 0.999).build();
        SiteRule probs = SiteRule.builder().quantizer("log-sqrt2").option("paradigm", "sequential").build();
        SiteRule r = probs.over(base);
        assertEquals("log-sqrt2", r.quantizer());
        assertEquals(4, r.bits());
        assertEquals("percentile", r.init());
        assertEquals(Map.of("paradigm", "sequential"), r.options());
        assertEquals(Map.of(), SiteRule.builder().quantizer("log-sqrt2").build().over(base).options());
    }

    @Test
    void aRuleWithoutQuantizerMergesIntoWhicheverQuantizerItInherits() {
        SiteRule base = SiteRule.builder().quantizer("log-sqrt2").option("paradigm", "sequential").build();
        SiteRule r = SiteRule.builder().bits(3).option("max_samples", 8).build().over(base);
        assertEquals("log-sqrt2", r.quantizer());
        assertEquals(Map.of("paradigm", "sequential", "max_samples", 8), r.options());
        // a base naming no quantizer: nothing to scope by, options merge as before
        SiteRule unnamed = SiteRule.builder().option("a", 1).build();
        assertEquals(Map.of("a", 1, "b", 2),
                SiteRule.builder().quantizer("x").option("b", 2).build().over(unnamed).options());
        SiteRule self = SiteRule.builder().quantizer("x").build();
        assertSame(self, self.over(null));
    }
}
