package io.qvit.plugins.fqvit;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/** The conformance kit on {@code fqvit.lis} at {@code attn.probs}: the grid is 2^−q for every code and the masked 0. */
class LisConformanceTest extends QuantizerConformanceTest {

    @Override
    protected Quantizer quantizer() {
        return new LisQuantizer();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(4, Granularity.PER_TENSOR, false, "log2", 0, Map.of()));
    }

    /** 2..7: wider codes would need reciprocals beyond float (validate refuses them). */
    @Override
    protected int[] bitWidths() {
        return java.util.stream.IntStream.rangeClosed(2, LisQuantizer.MAX_BITS).toArray();
    }

    @Override
    protected List<QuantSite> sites(QuantizerConfig config) {
        return List.of(new QuantSite("blocks.0", SiteRole.ATTN_PROBS));
    }

    @Override
    protected float[] grid(QuantParams params, int group) {
        float[] g = new float[(1 << params.bits()) + 1];
        for (int q = 0; q < g.length - 1; q++) {
            g[q] = LogRound.value(q);
        }
        g[g.length - 1] = 0f;
        return g;
    }

    /** The 2^b codes and the masked zero. */
    @Override
    protected int distinctValues(QuantizerConfig config) {
        return (1 << config.bits()) + 1;
    }

    /** A log2 grid does not hold an arbitrary constant. */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
