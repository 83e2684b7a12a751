package io.qvit.plugins.fqvit;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/** The conformance kit on {@code fqvit.ptf} at the two LayerNorm inputs (the kit's uniform grid per channel). */
class PtfConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new PtfQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of()),
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of("factors", 1, "max_rows", 2)));
    }

    @Override
    protected List<QuantSite> sites(QuantizerConfig config) {
        return List.of(new QuantSite("blocks.0", SiteRole.NORM_INPUT), new QuantSite("blocks.0", SiteRole.RESIDUAL));
    }

    /** One zero point for every channel: a constant channel is not on its grid in general. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
