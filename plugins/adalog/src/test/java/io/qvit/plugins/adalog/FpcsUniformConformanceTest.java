package io.qvit.plugins.adalog;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the quantizer conformance kit on the {@code adalog.uniform} quantizer at every granularity. */
class FpcsUniformConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new FpcsUniformQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        List<QuantizerConfig> configs = new ArrayList<>();
        for (Granularity g : Granularity.values()) {
            configs.add(new QuantizerConfig(8, g, false, "fpcs", g == Granularity.PER_HEAD ? 3 : 0,
                    Map.of("eq_n", 32, "steps", 3)));
        }
        return configs;
    }

    /** A constant group gets the smallest scale candidate, not an exact grid point. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
