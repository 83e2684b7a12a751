package io.qvit.plugins.mptq;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/** The quantizer conformance kit on {@code mptq.optm}: the two-region grid read from {@code extra}. */
class OptmConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new OptmQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of()),
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of("max_ratio_exponent", 0)));
    }

    /** Codes −2^(b−1)..−1 times Δ₋ and 0..2^(b−1)−1 times Δ₊. */
    @Override
    protected float[] grid(QuantParams params, int group) {
        int m = ((Number) params.extra().get("ratio_exponent")).intValue();
        return new TwinGrid(params.bits(), params.scale().data()[0], m).levels();
    }
}
