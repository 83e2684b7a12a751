package io.qvit.plugins.mptq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code mptq.optm} quantizer. {@link #fit()} starts from the observed range: Δ₊ = max/(2^(b−1) − 1)
 * and the smallest power-of-two ratio m whose negative region still reaches the minimum
 * ({@code 2^(b−1)·Δ₊/2^m ≥ |min|}); a constant tensor c gets the step |c| in its region (so it
 * comes back exactly). {@link #fit(LayerView)} then searches, on the output error
 * {@code ‖Q(X)·Q(W)ᵀ − X·Wᵀ‖²} of the layer consuming the site over a seeded sample of calibration
 * rows ({@link RatioSearch}): Δ₊ with m fixed, then m in 0..{@code max_ratio_exponent} with that
 * Δ₊, then Δ₊ again. What MPTQ-ViT calls the optimal scaling-factor ratio; PTQ4ViT's twin uniform
 * fixes the negative step by hand instead.
 */
final class OptmTensorQuantizer implements TensorQuantizer, LayerFitted {
    private final QuantSite site;
    private final int bits;
    private final OptmOptions options;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private boolean observed;
    private TwinGrid grid;
    private boolean frozen;
    private final Map<String, Object> facts = new LinkedHashMap<>();

    OptmTensorQuantizer(QuantSite site, int bits, OptmOptions options) {
        this.site = site;
        this.bits = bits;
        this.options = options;
    }

    @Override
    public CalibrationParadigm paradigm() {
        return options.paradigm();
    }

    /**
     * A quantizer already fitted on {@code grid} that ignores {@code observe} and {@code fit} (the
     * per-tensor quantizer {@code mptq.sqb} puts in place of a per-channel one); a layer search may
     * still refine its step.
     */
    static OptmTensorQuantizer fixed(QuantSite site, TwinGrid grid, OptmOptions options, Map<String, Object> facts) {
        OptmTensorQuantizer q = new OptmTensorQuantizer(site, grid.bits(), options);
        q.grid = grid;
        q.frozen = true;
        q.facts.putAll(facts);
        q.facts.put("searched", false);
        return q;
    }

    @Override
    public void observe(Tensor tensor) {
        if (frozen) {
            return;
        }
        for (float v : tensor.data()) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        observed = true;
    }

    @Override
    public void fit() {
        if (frozen) {
            return;
        }
        grid = initial();
        facts.put("searched", false);
    }

    private TwinGrid initial() {
        int half = 1 << (bits - 1);
        int qmax = half - 1;
        if (!observed || !(max > min)) {
            float c = observed ? max : 0f;
            return new TwinGrid(bits, c == 0f || !Float.isFinite(c) ? 1f : Math.abs(c), 0);
        }
        if (max <= 0) {
            return new TwinGrid(bits, positiveStep(-min / half), 0);
        }
        float positive = positiveStep(max / qmax);
        int m = 0;
        if (min < 0) {
            double ratio = positive * (double) half / -min;
            while (m < options.maxExponent() && ratio >= 2.0 * (1L << m)) {
                m++;
            }
        }
        return new TwinGrid(bits, positive, m);
    }

    private static float positiveStep(float s) {
        return Float.isFinite(s) && s >= Float.MIN_NORMAL ? s : s > 0 ? Float.MIN_NORMAL : 1f;
    }

    @Override
    public void fit(LayerView layer) {
        requireFitted();
        if (!layer.site().equals(layer.leftSite()) || !layer.rightTransposed() || layer.right().rank() != 2) {
            return; // only a linear layer's input is searched
        }
        RatioSearch.Result r = RatioSearch.search(grid, options, layer);
        grid = r.grid();
        facts.put("searched", true);
        facts.put("initial_layer_error", r.initialError());
        facts.put("layer_error", r.error());
        facts.put("candidates", r.candidates());
    }

    @Override
    public boolean fitted() {
        return grid != null;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        float[] in = tensor.data();
        float[] out = new float[in.length];
        float negative = grid.negative();
        for (int i = 0; i < in.length; i++) {
            out[i] = grid.quantize(in[i], negative);
        }
        return Tensor.of(out, tensor.shape());
    }

    @Override
    public QuantParams params() {
        requireFitted();
        Map<String, Object> extra = new LinkedHashMap<>(facts);
        extra.put("negative_scale", grid.negative());
        extra.put("ratio_exponent", grid.exponent());
        extra.put("code_min", grid.qmin());
        extra.put("code_max", grid.qmax());
        return new QuantParams(bits, Granularity.PER_TENSOR, Tensor.of(new float[] {grid.positive()}, 1),
                Tensor.of(new float[] {0f}, 1), extra);
    }

    private void requireFitted() {
        if (grid == null) {
            throw new IllegalStateException("mptq.optm at " + site + ": quantize or params before fit");
        }
    }
}
