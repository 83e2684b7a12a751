package io.qvit.plugins.adalog;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.facts.GridFacts;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An asymmetric b-bit uniform quantizer fitted by FPCS ({@link UniformFpcs}): per tensor, per
 * channel (weights: output row; activations: last axis) or per head ({@code [B, H, T, d]}).
 * {@link #fit()} searches on the plain MSE of the observed tensors (the authors' first, "self"
 * pass); {@link #fit(LayerView)} runs the alternating search on the layer output
 * ({@link JointSearch}). {@code q = clamp(round(x·(1/s)) + z, 0, 2^b − 1)} (half to even),
 * {@code x̂ = (q − z)·s}.
 *
 * <p>{@link #params()}: scale and zero point per group; {@code extra}: {@code symmetric} (false),
 * {@code qmin}, {@code qmax}, {@code init} ({@code fpcs}), {@code layer_fitted}.
 */
final class FpcsUniformTensorQuantizer implements Searchable, LayerFitted {
    /** The reference clamps activation scale candidates at this value. */
    static final double MIN_ACTIVATION_SCALE = 1e-4;
    private static final double MIN_WEIGHT_SCALE = 1e-12;

    private final QuantSite site;
    private final QuantizerConfig config;
    private final SearchOptions options;
    private final Samples samples = new Samples();
    private float[] scale;
    private float[] zeroPoint;
    private boolean layerFitted;
    private float[] cachedValues;
    private SortedGroups cached;

    FpcsUniformTensorQuantizer(QuantSite site, QuantizerConfig config, SearchOptions options) {
        this.site = site;
        this.config = config;
        this.options = options;
    }

    @Override
    public SearchOptions options() {
        return options;
    }

    @Override
    public boolean logarithmic() {
        return false;
    }

    @Override
    public float[] effective(float[] values) {
        return values;
    }

    @Override
    public int rawSamples() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void observe(Tensor tensor) {
        samples.add(tensor, site.id());
    }

    @Override
    public void fit() {
        if (samples.isEmpty()) {
            throw new IllegalStateException("site " + site.id() + ": fit() before any observe()");
        }
        int[] shape = samples.shape();
        float[] values = samples.drain();
        SortedGroups data = new SortedGroups(values, groups(shape));
        apply(UniformFpcs.search(data, config.bits(), zpLevels(), minScale(), options));
    }

    @Override
    public void fit(LayerView layer) {
        requireFitted();
        JointSearch.run(layer, this);
    }

    @Override
    public void search(float[] values, int[] shape, LayerObjective objective) {
        search(values, shape, objective, null);
    }

    @Override
    public void search(float[] values, int[] shape, LayerObjective objective, ExactError exact) {
        if (cached == null || cachedValues != values) {
            cached = new SortedGroups(values, groups(shape));
            cachedValues = values;
        }
        boolean rowGroups = site.role().isWeight() && config.granularity() == Granularity.PER_CHANNEL;
        cached.weigh(objective.w(), objective.p(), rowGroups ? objective.u() : null, objective.lambda());
        apply(UniformFpcs.search(cached, config.bits(), zpLevels(), minScale(), options, exact));
        layerFitted = true;
    }

    @Override
    public void release() {
        cached = null;
        cachedValues = null;
    }

    private void apply(UniformFpcs.Result r) {
        scale = r.scale();
        zeroPoint = r.zeroPoint();
    }

    private int zpLevels() {
        boolean matmulOperand = config.granularity() == Granularity.PER_HEAD || site.role() == SiteRole.ATTN_Q
                || site.role() == SiteRole.ATTN_K || site.role() == SiteRole.ATTN_V || site.role() == SiteRole.ATTN_PROBS;
        return site.role().isWeight() || matmulOperand ? 1 << (config.bits() - 1) : 1 << config.bits();
    }

    private double minScale() {
        return site.role().isWeight() ? MIN_WEIGHT_SCALE : MIN_ACTIVATION_SCALE;
    }

    @Override
    public Groups groups(int[] shape) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return switch (config.granularity()) {
            case PER_TENSOR -> new Groups(Math.max(1, n), 1);
            case PER_CHANNEL -> site.role().isWeight()
                    ? new Groups(Math.max(1, n / shape[0]), shape[0])
                    : new Groups(1, shape[shape.length - 1]);
            case PER_HEAD -> {
                if (shape.length != 4 || shape[1] != config.heads()) {
                    throw new IllegalArgumentException("site " + site.id() + ": per-head granularity with heads="
                            + config.heads() + " expects [B, H, T, d], got " + Arrays.toString(shape));
                }
                yield new Groups(shape[2] * shape[3], shape[1]);
            }
        };
    }

    @Override
    public boolean fitted() {
        return scale != null;
    }

    private void requireFitted() {
        if (scale == null) {
            throw new IllegalStateException("site " + site.id() + ": quantize() before fit()");
        }
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        int[] shape = tensor.shape();
        Groups g = groups(shape);
        if (g.count() != scale.length) {
            throw new IllegalArgumentException("site " + site.id() + ": tensor " + Arrays.toString(shape) + " has "
                    + g.count() + " groups, the quantizer was fitted with " + scale.length);
        }
        float[] in = tensor.data();
        float[] out = new float[in.length];
        float qmax = (1 << config.bits()) - 1;
        for (int e = 0; e < in.length; ) {
            int group = g.of(e);
            int end = Math.min(in.length, (e / g.run() + 1) * g.run());
            float s = scale[group];
            float inv = 1f / s;
            float z = zeroPoint[group];
            for (; e < end; e++) {
                float q = (float) Math.rint(in[e] * inv) + z;
                q = q < 0 ? 0 : (q > qmax ? qmax : q);
                out[e] = (q - z) * s;
            }
        }
        return Tensor.of(out, shape);
    }

    @Override
    public QuantParams params() {
        requireFitted();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("symmetric", false);
        GridFacts.putRange(extra, 0, (1 << config.bits()) - 1);
        extra.put("init", "fpcs");
        extra.put("layer_fitted", layerFitted);
        return new QuantParams(config.bits(), config.granularity(), Tensor.of(scale.clone(), scale.length),
                Tensor.of(zeroPoint.clone(), zeroPoint.length), extra);
    }

    @Override
    public String toString() {
        return "fpcs-uniform[" + site.id() + ", " + config.bits() + " bit, " + config.granularity() + "]";
    }
}
