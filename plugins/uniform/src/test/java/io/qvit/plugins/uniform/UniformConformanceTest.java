package io.qvit.plugins.uniform;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the quantizer conformance kit on every init × grid × granularity of the uniform quantizer. */
class UniformConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new UniformQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        List<QuantizerConfig> configs = new ArrayList<>();
        for (RangeInit init : RangeInit.values()) {
            for (boolean symmetric : new boolean[] {false, true}) {
                for (Granularity g : Granularity.values()) {
                    configs.add(new QuantizerConfig(8, g, symmetric, init.key(), g == Granularity.PER_HEAD ? 3 : 0, Map.of()));
                }
            }
        }
        configs.add(new QuantizerConfig(8, Granularity.PER_CHANNEL, true, "minmax", 0, Map.of("symmetric_scale", "ptq4vit")));
        configs.add(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "percentile-mse", 0,
                Map.of("percentiles", List.of(0.99, 0.999), "max_samples", 1)));
        return configs;
    }

    @Override
    protected int[] bitWidths() {
        return new int[] {2, 3, 4, 5, 6, 7, 8, 12, 16};
    }
}
