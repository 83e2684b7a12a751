package io.qvit.plugins.dopq;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/**
 * Runs the quantizer conformance kit on {@code tanq}: per tensor with the softmax range [0, 1],
 * per tensor with the observed maximum, per head (symmetric shape). The levels are rebuilt from
 * {@code extra} (angles, table bits) and the scale.
 */
class TanConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new TanQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "search", 0, Map.of()),
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "search", 0, Map.of("scale", "max", "table_bits", 0)),
                new QuantizerConfig(8, Granularity.PER_HEAD, false, "search", 3,
                        Map.of("scale", "max", "shape", "symmetric")));
    }

    /** The table {@code T[q]} of the group, from its angles and scale. */
    @Override
    @SuppressWarnings("unchecked")
    protected float[] grid(QuantParams params, int group) {
        double a = ((List<Double>) params.extra().get("angle_zero")).get(group);
        double e = ((List<Double>) params.extra().get("angle_one")).get(group);
        int tableBits = ((Number) params.extra().get("table_bits")).intValue();
        return new TanGrid(params.bits(), a, e, params.scale().data()[group], tableBits).levels();
    }

    /** A grid on [0, s] does not hold an arbitrary (or negative) constant. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
