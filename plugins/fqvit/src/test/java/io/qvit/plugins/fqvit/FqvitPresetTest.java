package io.qvit.plugins.fqvit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.api.quant.SiteRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The presets: the authors' config.py with --ptf (and --lis), every site enabled. */
class FqvitPresetTest {

    @Test
    void fqvitIsPtfWithFourBitLogIntSoftmax() {
        QuantizationRecipe r = new FqvitPreset().expand(8, 8);
        assertEquals(new SiteRule("fqvit.lis", 4, "per-tensor", false, "log2", null, Map.of()), r.sites().get("attn.probs"));
        common(r, 8, 8);
    }

    @Test
    void fqvitPtfKeepsTheProbabilitiesUniformAtTheActivationWidth() {
        QuantizationRecipe r = new FqvitPtfPreset().expand(8, 6);
        assertEquals(new SiteRule("uniform", 6, "per-tensor", false, "minmax", null, Map.of()), r.sites().get("attn.probs"));
        common(r, 8, 6);
    }

    private static void common(QuantizationRecipe r, int w, int a) {
        assertEquals(List.of(), r.reparameterizations());
        assertEquals(new SiteRule("uniform", w, "per-channel", true, "minmax", null, Map.of("symmetric_scale", "ptq4vit")),
                r.sites().get("*.weight"));
        assertEquals(new SiteRule("uniform", a, "per-tensor", false, "minmax", null, Map.of()), r.sites().get("default"));
        for (String role : List.of("norm.input", "residual")) {
            assertEquals(new SiteRule("fqvit.ptf", a, "per-channel", false, "minmax", true, Map.of()), r.sites().get(role));
        }
        for (String role : List.of("softmax.input", "gelu.input")) {
            assertEquals(Boolean.TRUE, r.sites().get(role).enabled(), role);
        }
    }
}
