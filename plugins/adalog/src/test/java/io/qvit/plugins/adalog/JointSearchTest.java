package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The layer-output search on a synthetic fc2-like layer with GELU-shaped inputs and a few outlier
 * input channels: it lowers the layer output error below the plain-MSE fit, and two runs from the
 * same data give bit-identical parameters (the reference's {@code positive_percentile} does not:
 * AdaLog issue #4).
 */
class JointSearchTest {
    private static final QuantSite IN = new QuantSite("blocks.0", SiteRole.FC2_INPUT);
    private static final QuantSite W = new QuantSite("blocks.0", SiteRole.FC2_WEIGHT);
    private static final int T = 300;
    private static final int K = 48;
    private static final int N = 16;

    private static Tensor inputs() {
        Random r = new Random(21);
        float[] x = new float[T * K];
        for (int i = 0; i < x.length; i++) {
            double z = r.nextGaussian() * (i % K < 3 ? 4 : 1);
            x[i] = (float) (0.5 * z * (1 + erf(z / Math.sqrt(2))));
        }
        return Tensor.of(x, 3, T / 3, K);
    }

    private static Tensor weight() {
        Random r = new Random(22);
        float[] w = new float[N * K];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.1);
        }
        return Tensor.of(w, N, K);
    }

    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                * t * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }

    private static double outputError(TensorQuantizer a, TensorQuantizer w, Tensor x, Tensor wt) {
        float[] xq = a.quantize(x).data();
        float[] wq = w.quantize(wt).data();
        double e = 0;
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                double y = 0;
                double yq = 0;
                for (int k = 0; k < K; k++) {
                    y += (double) x.data()[t * K + k] * wt.data()[n * K + k];
                    yq += (double) xq[t * K + k] * wq[n * K + k];
                }
                e += (y - yq) * (y - yq);
            }
        }
        return e;
    }

    private record Fitted(TensorQuantizer input, TensorQuantizer weight) {
    }

    private static Fitted fit(boolean layer, String inputQuantizer) {
        Tensor x = inputs();
        Tensor w = weight();
        Map<String, Object> opts = Map.of("eq_n", 32, "steps", 3, "search_round", 2);
        TensorQuantizer a;
        if (inputQuantizer.equals("adalog")) {
            a = new AdaLogQuantizer().create(IN, new QuantizerConfig(4, Granularity.PER_TENSOR, false, "fpcs", 0,
                    Map.of("eq_n", 32, "steps", 3, "search_round", 2, "shift", AdaLogPreset.GELU_SHIFT, "fpcs_width", 8)));
        } else {
            a = new FpcsUniformQuantizer().create(IN, new QuantizerConfig(4, Granularity.PER_TENSOR, false, "fpcs", 0, opts));
        }
        TensorQuantizer q = new FpcsUniformQuantizer().create(W, new QuantizerConfig(4, Granularity.PER_CHANNEL, false,
                "fpcs", 0, opts));
        q.observe(w);
        q.fit();
        a.observe(x);
        a.fit();
        if (layer) {
            ((LayerFitted) a).fit(TestLayer.of(IN, IN, W, x, w, true, a, q));
        }
        return new Fitted(a, q);
    }

    @Test
    void layerSearchLowersTheOutputError() {
        for (String kind : new String[] {"adalog.uniform", "adalog"}) {
            Fitted mse = fit(false, kind);
            Fitted out = fit(true, kind);
            double before = outputError(mse.input(), mse.weight(), inputs(), weight());
            double after = outputError(out.input(), out.weight(), inputs(), weight());
            assertTrue(after < before, kind + ": output error " + after + " not below the MSE fit's " + before);
            assertEquals(Boolean.TRUE, out.input().params().extra().get("layer_fitted"));
            assertEquals(Boolean.TRUE, out.weight().params().extra().get("layer_fitted"));
        }
    }

    @Test
    void twoRunsGiveIdenticalParameters() {
        for (String kind : new String[] {"adalog.uniform", "adalog"}) {
            Fitted a = fit(true, kind);
            Fitted b = fit(true, kind);
            for (TensorQuantizer[] pair : new TensorQuantizer[][] {{a.input(), b.input()}, {a.weight(), b.weight()}}) {
                QuantParams pa = pair[0].params();
                QuantParams pb = pair[1].params();
                assertEquals(pa.scale(), pb.scale(), kind);
                assertEquals(pa.zeroPoint(), pb.zeroPoint(), kind);
                assertEquals(pa.extra(), pb.extra(), kind);
            }
        }
    }
}
