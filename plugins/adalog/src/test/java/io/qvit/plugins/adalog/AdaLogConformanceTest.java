package io.qvit.plugins.adalog;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/**
 * Runs the quantizer conformance kit on the {@code adalog} quantizer: searched scale with the
 * post-GELU offset, and the post-softmax fixed scale. The representable values are read from
 * {@code extra} ({@code q}, {@code shift}) and the scale.
 */
class AdaLogConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new AdaLogQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "fpcs", 0,
                        Map.of("shift", AdaLogPreset.GELU_SHIFT, "eq_n", 32, "steps", 3)),
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "fpcs", 0, Map.of("scale", 1.0, "eq_n", 32)));
    }

    /** The levels {@code s·2^(−⌊qk/r⌋)·T[qk mod r] − c} and the zero code's {@code −c}. */
    @Override
    protected float[] grid(QuantParams params, int group) {
        int q = ((Number) params.extra().get("q")).intValue();
        float c = ((Number) params.extra().get("shift")).floatValue();
        boolean folded = Boolean.TRUE.equals(params.extra().get("folded"));
        double s = params.scale().data()[0];
        AdaLogTable t = new AdaLogTable(params.bits(), q);
        int codes = 1 << params.bits();
        float[] v = new float[codes + 1];
        for (int k = 0; k <= codes; k++) {
            v[k] = (float) (s * t.level(k)) - (folded ? 0f : c);
        }
        return v;
    }

    /** {@code 2^b} log levels plus the zero that codes at or beyond {@code 2^b} map to (the reference's mask). */
    @Override
    protected int distinctValues(QuantizerConfig config) {
        return (1 << config.bits()) + 1;
    }

    /** A logarithmic grid does not hold an arbitrary constant. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
