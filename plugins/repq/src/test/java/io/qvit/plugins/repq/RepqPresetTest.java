package io.qvit.plugins.repq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The repq preset expands into RepQ-ViT's recipe. */
class RepqPresetTest {
    @Test
    void expandsAsSpecified() {
        QuantizationRecipe r = new RepqPreset().expand(4, 6);
        assertEquals(List.of("repq.layernorm"), r.reparameterizations());
        assertNull(r.bitAllocator());
        assertEquals(List.of("default", "*.weight", "qkv.input", "fc1.input", "reduction.input", "attn.probs"),
                List.copyOf(r.sites().keySet()));
        Map<String, Object> sequential = Map.of("paradigm", "sequential");
        assertEquals(new SiteRule("uniform", 6, "per-tensor", false, "percentile-mse", null, sequential),
                r.sites().get("default"));
        assertEquals(new SiteRule(null, 4, "per-channel", null, "percentile-mse", null, Map.of()),
                r.sites().get("*.weight"));
        for (String s : List.of("qkv.input", "fc1.input", "reduction.input")) {
            assertEquals(new SiteRule(null, null, "per-channel", null, null, null, Map.of()), r.sites().get(s), s);
        }
        assertEquals(new SiteRule("log-sqrt2", 6, null, null, "percentile-mse", null, sequential), r.sites().get("attn.probs"));
        // attn.probs after merging over the default rule: a valid log-sqrt2 configuration
        SiteRule probs = r.sites().get("attn.probs").over(r.sites().get("default"));
        new LogSqrt2Quantizer().validate(new io.qvit.api.quant.QuantizerConfig(probs.bits(),
                io.qvit.api.quant.Granularity.PER_TENSOR, probs.symmetric(), probs.init(), 0, probs.options()));
        assertEquals("percentile-mse", probs.init());
    }
}
