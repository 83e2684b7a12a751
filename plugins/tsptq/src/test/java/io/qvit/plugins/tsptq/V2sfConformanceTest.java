package io.qvit.plugins.tsptq;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit on {@code tsptq.v2sf} at its two sites (post-softmax and post-GELU), with
 * the default search and with one fixed ratio; the grid is every code's value, decoded from
 * Δ, z and m in {@code params()}.
 */
class V2sfConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new V2sfQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0, Map.of()),
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "mse", 0,
                        Map.of("ratios", List.of(3), "coverage", List.of(1.0), "max_values", 100)));
    }

    @Override
    protected List<QuantSite> sites(QuantizerConfig config) {
        return List.of(new QuantSite("blocks.0", SiteRole.ATTN_PROBS), new QuantSite("blocks.0", SiteRole.FC2_INPUT));
    }

    @Override
    protected float[] grid(QuantParams params, int group) {
        TwoScaleCode c = new TwoScaleCode(params.bits(), params.scale().data()[0], (int) params.zeroPoint().data()[0],
                ((Number) params.extra().get("ratio_log2")).intValue());
        float[] values = new float[1 << params.bits()];
        for (int code = 0; code < values.length; code++) {
            values[code] = c.decode(code);
        }
        return values;
    }

    /** One per-tensor grid does not hold an arbitrary constant. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
