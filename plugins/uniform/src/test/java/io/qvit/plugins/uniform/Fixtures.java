package io.qvit.plugins.uniform;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;

/** Small builders shared by the uniform quantizer's tests. */
final class Fixtures {
    static final QuantSite WEIGHT = new QuantSite("blocks.0", SiteRole.FC1_WEIGHT);
    static final QuantSite ACT = new QuantSite("blocks.0", SiteRole.FC2_INPUT);
    static final QuantSite Q = new QuantSite("blocks.0", SiteRole.ATTN_Q);

    private Fixtures() {
    }

    static QuantizerConfig config(int bits, Granularity g, boolean symmetric, String init, int heads,
                                  Map<String, Object> options) {
        return new QuantizerConfig(bits, g, symmetric, init, heads, options);
    }

    static TensorQuantizer create(QuantSite site, int bits, Granularity g, boolean symmetric, String init) {
        return new UniformQuantizer().create(site, config(bits, g, symmetric, init, g == Granularity.PER_HEAD ? 3 : 0, Map.of()));
    }

    static TensorQuantizer fitted(QuantSite site, int bits, Granularity g, boolean symmetric, String init, Tensor... data) {
        TensorQuantizer q = create(site, bits, g, symmetric, init);
        for (Tensor t : data) {
            q.observe(t);
        }
        q.fit();
        return q;
    }

    static Tensor vec(float... v) {
        return Tensor.of(v, v.length);
    }
}
