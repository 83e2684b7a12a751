package io.qvit.plugins.tsptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tsptq preset enables every site and puts V-2SF and O-2SF where the paper does. */
class TsptqPresetTest {

    @Test
    void enablesEverySiteWithTheTwoScaledQuantizers() {
        QuantizationRecipe r = new TsptqPreset().expand(8, 6);
        assertEquals(List.of(), r.reparameterizations());
        for (String role : List.of("norm.input", "residual")) {
            assertEquals(new SiteRule("tsptq.o2sf", 6, "per-channel", false, "mse", true, Map.of()), r.sites().get(role));
        }
        for (String role : List.of("attn.probs", "fc2.input")) {
            SiteRule rule = r.sites().get(role);
            assertEquals(new SiteRule("tsptq.v2sf", 6, "per-tensor", false, "mse", null, Map.of()), rule);
            new V2sfQuantizer().validate(new QuantizerConfig(6, Granularity.PER_TENSOR, false, rule.init(), 0, rule.options()));
        }
        for (String role : List.of("softmax.input", "gelu.input")) {
            assertEquals(Boolean.TRUE, r.sites().get(role).enabled(), role);
        }
        new O2sfQuantizer().validate(new QuantizerConfig(6, Granularity.PER_CHANNEL, false, "mse", 0, Map.of()));
    }
}
