package io.qvit.plugins.tsptq;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit on {@code tsptq.o2sf} at the two LayerNorm inputs, with the threshold
 * search, with a fixed low threshold (most channels flagged) and with two flag bits; the grid is the kit's uniform
 * one per channel (qmin, qmax, s_c, z).
 */
class O2sfConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new O2sfQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0, Map.of()),
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0,
                        Map.of("thresholds", List.of(1.0), "ratios", List.of(2), "max_values", 3)),
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "mse", 0,
                        Map.of("flag_bits", 2, "thresholds", List.of(1.25, 2.0))));
    }

    @Override
    protected List<QuantSite> sites(QuantizerConfig config) {
        return List.of(new QuantSite("blocks.0", SiteRole.NORM_INPUT), new QuantSite("blocks.0", SiteRole.RESIDUAL));
    }

    /** The channels share one zero point, so a constant channel is not on its grid in general. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
