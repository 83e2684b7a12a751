package io.qvit.plugins.dopq;

import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Seeded attention test data and a {@link LayerView} of {@code probs·v}. */
final class Attention {
    static final QuantSite PROBS = new QuantSite("blocks.0", SiteRole.ATTN_PROBS);
    static final QuantSite V = new QuantSite("blocks.0", SiteRole.ATTN_V);

    private Attention() {
    }

    /** Softmax rows [B, H, T, T] of logits with standard deviation {@code temperature}, a few peaked. */
    static Tensor probs(int b, int h, int t, double temperature, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[b * h * t * t];
        for (int row = 0; row < b * h * t; row++) {
            double[] e = new double[t];
            double sum = 0;
            int peak = rnd.nextInt(t);
            boolean peaked = rnd.nextInt(4) == 0;
            for (int j = 0; j < t; j++) {
                e[j] = StrictMath.exp(temperature * rnd.nextGaussian() + (peaked && j == peak ? 8 : 0));
                sum += e[j];
            }
            for (int j = 0; j < t; j++) {
                v[row * t + j] = (float) (e[j] / sum);
            }
        }
        return Tensor.of(v, b, h, t, t);
    }

    /** Gaussian values [B, H, T, d]. */
    static Tensor values(int b, int h, int t, int d, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[b * h * t * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(v, b, h, t, d);
    }

    /** The view of {@code probs·v} asking the probs quantizer to fit. */
    static LayerView view(Tensor probs, Tensor v, Map<QuantSite, TensorQuantizer> quantizers) {
        return new LayerView() {
            @Override
            public QuantSite site() {
                return PROBS;
            }

            @Override
            public QuantSite leftSite() {
                return PROBS;
            }

            @Override
            public QuantSite rightSite() {
                return V;
            }

            @Override
            public Tensor left() {
                return probs;
            }

            @Override
            public Tensor right() {
                return v;
            }

            @Override
            public boolean rightTransposed() {
                return false;
            }

            @Override
            public Optional<Tensor> bias() {
                return Optional.empty();
            }

            @Override
            public Optional<TensorQuantizer> quantizer(QuantSite site) {
                return Optional.ofNullable(quantizers.get(site));
            }
        };
    }

    /** {@code ‖Q(P)·V − P·V‖²} over every row, in double. */
    static double outputError(Tensor p, Tensor qp, Tensor v) {
        int b = p.dim(0);
        int h = p.dim(1);
        int t = p.dim(2);
        int d = v.dim(3);
        double err = 0;
        for (int m = 0; m < b * h; m++) {
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < d; c++) {
                    double diff = 0;
                    for (int j = 0; j < t; j++) {
                        diff += ((double) qp.data()[(m * t + i) * t + j] - p.data()[(m * t + i) * t + j])
                                * v.data()[(m * t + j) * d + c];
                    }
                    err += diff * diff;
                }
            }
        }
        return err;
    }
}
