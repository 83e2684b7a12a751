package io.qvit.plugins.uniform;

import static io.qvit.plugins.uniform.Fixtures.WEIGHT;
import static io.qvit.plugins.uniform.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link UniformQuantizer#validate} and {@link UniformQuantizer#create} name what is wrong. */
class ValidationTest {
    private final UniformQuantizer quantizer = new UniformQuantizer();

    private String rejected(QuantizerConfig config) {
        return assertThrows(IllegalArgumentException.class, () -> quantizer.validate(config)).getMessage();
    }

    @Test
    void acceptsEveryInitAndKnownOptions() {
        for (RangeInit init : RangeInit.values()) {
            quantizer.validate(config(4, Granularity.PER_TENSOR, false, init.key(), 0, Map.of()));
        }
        quantizer.validate(config(4, Granularity.PER_HEAD, true, "minmax", 3, Map.of("percentile", 0.999,
                "percentiles", List.of(0.99, "0.999"), "symmetric_scale", "ptq4vit", "max_samples", 4)));
    }

    @Test
    void unknownInitIsNamed() {
        String m = rejected(config(4, Granularity.PER_TENSOR, false, "omse", 0, Map.of()));
        assertTrue(m.contains("'omse'") && m.contains("percentile-mse"), m);
    }

    @Test
    void unknownOptionIsNamed() {
        String m = rejected(config(4, Granularity.PER_TENSOR, false, "minmax", 0, Map.of("percentil", 0.99)));
        assertTrue(m.contains("'percentil'") && m.contains("percentile"), m);
    }

    @Test
    void badOptionValuesAreNamed() {
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, false, "percentile", 0, Map.of("percentile", 1.5)))
                .contains("'percentile'"));
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, false, "percentile", 0, Map.of("percentile", "high")))
                .contains("'percentile'"));
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, false, "percentile-mse", 0, Map.of("percentiles", List.of())))
                .contains("'percentiles'"));
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, true, "minmax", 0, Map.of("symmetric_scale", "half")))
                .contains("'symmetric_scale'"));
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, false, "mse", 0, Map.of("max_samples", 0)))
                .contains("'max_samples'"));
        assertTrue(rejected(config(4, Granularity.PER_TENSOR, false, "mse", 0, Map.of("max_samples", 2.5)))
                .contains("'max_samples'"));
    }

    @Test
    void perHeadWithoutHeadsCannotEvenBeConfigured() {
        // The API record already refuses it; validate() repeats the check for configs built otherwise.
        assertThrows(IllegalArgumentException.class, () -> config(4, Granularity.PER_HEAD, false, "minmax", 0, Map.of()));
    }

    @Test
    void createNamesTheSite() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> quantizer.create(WEIGHT, config(4, Granularity.PER_TENSOR, false, "nope", 0, Map.of())));
        assertTrue(e.getMessage().startsWith("site blocks.0.fc1.weight: unknown init 'nope'"), e.getMessage());
    }

    @Test
    void perHeadIsRejectedForWeights() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> quantizer.create(WEIGHT, config(4, Granularity.PER_HEAD, false, "minmax", 3, Map.of())));
        assertTrue(e.getMessage().contains("blocks.0.fc1.weight") && e.getMessage().contains("per-head"), e.getMessage());
    }

    @Test
    void optionsAreParsed() {
        UniformOptions o = UniformOptions.parse(config(4, Granularity.PER_TENSOR, true, "PERCENTILE-MSE", 0,
                Map.of("percentiles", List.of(0.99, 0.995), "symmetric_scale", "ptq4vit", "max_samples", 3L)));
        assertEquals(RangeInit.PERCENTILE_MSE, o.init());
        assertEquals(List.of(0.99, 0.995), o.percentiles());
        assertEquals(SymmetricScale.PTQ4VIT, o.symmetricScale());
        assertEquals(3, o.maxSamples());
    }
}
