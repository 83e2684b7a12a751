package io.qvit.plugins.mptq;

import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Optional;
import java.util.Random;

/** A linear layer fc2 with GELU-shaped random inputs {@code [rows, k]} and Gaussian weights {@code [n, k]}. */
record TestLayer(Tensor x, Tensor w, TensorQuantizer input) implements LayerView {
    static final QuantSite INPUT = new QuantSite("blocks.0", SiteRole.FC2_INPUT);
    static final QuantSite WEIGHT = new QuantSite("blocks.0", SiteRole.FC2_WEIGHT);

    static Tensor geluInputs(int rows, int k, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * k];
        for (int i = 0; i < v.length; i++) {
            double z = r.nextGaussian() * 1.5;
            v[i] = (float) (0.5 * z * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (z + 0.044715 * z * z * z))));
        }
        return Tensor.of(v, rows, k);
    }

    static Tensor weights(int n, int k, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * k];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.05);
        }
        return Tensor.of(v, n, k);
    }

    @Override
    public QuantSite site() {
        return INPUT;
    }

    @Override
    public QuantSite leftSite() {
        return INPUT;
    }

    @Override
    public QuantSite rightSite() {
        return WEIGHT;
    }

    @Override
    public Tensor left() {
        return x;
    }

    @Override
    public Tensor right() {
        return w;
    }

    @Override
    public boolean rightTransposed() {
        return true;
    }

    @Override
    public Optional<Tensor> bias() {
        return Optional.empty();
    }

    @Override
    public Optional<TensorQuantizer> quantizer(QuantSite site) {
        return site.equals(INPUT) ? Optional.of(input) : Optional.empty();
    }

    @Override
    public long seed() {
        return 7;
    }
}
