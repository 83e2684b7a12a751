package io.qvit.plugins.dopq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import io.qvit.plugins.repq.RepqPreset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dopq preset is repq's with MOSF and tanq, nothing else changed. */
class DopqPresetTest {

    @Test
    void isRepqWithMosfAndTanq() {
        QuantizationRecipe repq = new RepqPreset().expand(4, 3);
        QuantizationRecipe dopq = new DopqPreset(new RepqPreset()).expand(4, 3);
        assertEquals(List.of("dopq.mosf"), dopq.reparameterizations());
        assertEquals(List.copyOf(repq.sites().keySet()), List.copyOf(dopq.sites().keySet()));
        repq.sites().forEach((pattern, rule) -> {
            if (!pattern.equals("attn.probs")) {
                assertEquals(rule, dopq.sites().get(pattern), pattern);
            }
        });
        SiteRule probs = dopq.sites().get("attn.probs");
        assertEquals(new SiteRule("tanq", 3, "per-tensor", false, "search", null, Map.of("paradigm", "sequential")), probs);
        new TanQuantizer().validate(new io.qvit.api.quant.QuantizerConfig(3,
                io.qvit.api.quant.Granularity.PER_TENSOR, false, probs.init(), 0, probs.options()));
    }
}
