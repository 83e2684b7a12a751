package io.qvit.plugins.uniform;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.facts.GridFacts;
import io.qvit.toolkit.stats.TorchQuantile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uniform quantizer at one site: observes calibration tensors, fits one scale and zero point per
 * group with its {@link RangeInit}, then fake-quantizes on the {@link UniformGrid}.
 *
 * <p><b>Observing.</b> Any number of {@link #observe} calls, each with one tensor or a batch (the
 * whole calibration batch {@code [32, 197, C]} at once, or several smaller batches: for
 * {@code minmax} and {@code mse} the result does not depend on how the data is split; for
 * {@code percentile} it does, by design, as in FQ-ViT; for {@code percentile-mse} it does not as
 * long as every tensor is kept). Every tensor must have the same number of groups (channels,
 * rows, heads). Calibration tensors with NaN or infinite values are rejected.
 *
 * <p><b>Memory.</b> {@code minmax} and {@code percentile} keep two floats per group.
 * {@code percentile-mse} and {@code mse} also keep copies of the first {@code max_samples}
 * observed tensors (reported by {@link #rawSamples()}) until {@link #fit} releases them; fitting
 * needs at most one further group's worth of values (none when a single tensor was observed). For
 * DeiT-T's {@code fc2.input} observed as one {@code [32, 197, 768]} batch that is 19 MB, and 77 MB
 * for a {@code [32, 197, 3072]} MLP hidden activation.
 *
 * <p><b>Parameters.</b> {@link #params()} holds one scale and zero point per group (shape
 * {@code [groups]}: 1, output rows, channels or heads) and in {@code extra}: {@code symmetric},
 * {@code init}, {@code qmin}, {@code qmax} (the code range), {@code symmetric_scale} (symmetric
 * grids), {@code percentile} (list, one per group: the level used by {@code percentile}, the
 * candidate chosen by {@code percentile-mse}), {@code range_factor} (list, one per group: the
 * shrink factor chosen by {@code mse}), {@code observed} (number of calibration tensors) and
 * {@code constant_groups} (indices of groups whose calibration values were all equal, e.g. the
 * post-LayerNorm channels of DeiT-T with gamma = 0: their scale is {@code |c|}, not a data scale,
 * so statistics shared across channels, such as RepQ-ViT's mean scale, should leave them out).
 *
 * <p><b>Threads.</b> {@link #observe} and {@link #fit} are meant for one calibration thread;
 * after {@link #fit} the quantizer is immutable and {@link #quantize} may be called from any
 * number of threads.
 */
public final class UniformTensorQuantizer implements TensorQuantizer {
    /** FQ-ViT's percentile momentum {@code percentile_sigma}. */
    static final float PERCENTILE_MOMENTUM = 0.01f;

    private final QuantSite site;
    private final QuantizerConfig config;
    private final UniformOptions options;
    private final UniformGrid grid;
    private final SampleStore store;

    private int groups = -1;
    private int observed;
    private float[] runMin;
    private float[] runMax;
    private float[] pctLo;
    private float[] pctHi;

    private volatile boolean fitted;
    private float[] scale;
    private float[] zero;
    private QuantParams params;

    /**
     * Creates the quantizer; {@link UniformQuantizer#create} is the usual way.
     *
     * @param site where it quantizes (weights or activations decides the per-channel axis)
     * @param config bits, granularity, symmetric, init, heads
     * @param options the parsed options of {@code config}
     */
    public UniformTensorQuantizer(QuantSite site, QuantizerConfig config, UniformOptions options) {
        this.site = site;
        this.config = config;
        this.options = options;
        this.grid = new UniformGrid(config.bits(), config.symmetric(), options.symmetricScale());
        this.store = options.init().needsData() ? new SampleStore(options.maxSamples()) : null;
    }

    /** The site this quantizer serves. */
    public QuantSite site() {
        return site;
    }

    @Override
    public CalibrationParadigm paradigm() {
        return options.paradigm();
    }

    @Override
    public int rawSamples() {
        return store == null ? 0 : options.maxSamples();
    }

    @Override
    public void observe(Tensor tensor) {
        if (fitted) {
            throw new IllegalStateException("site " + site.id() + ": observe() after fit()");
        }
        GroupLayout layout = layout(tensor);
        if (groups < 0) {
            groups = layout.groups();
            runMin = new float[groups];
            runMax = new float[groups];
            Arrays.fill(runMin, Float.POSITIVE_INFINITY);
            Arrays.fill(runMax, Float.NEGATIVE_INFINITY);
        }
        float[] data = tensor.data();
        float[] lo = new float[groups];
        float[] hi = new float[groups];
        batchMinMax(data, layout, lo, hi, tensor);
        for (int g = 0; g < groups; g++) {
            runMin[g] = Math.min(runMin[g], lo[g]);
            runMax[g] = Math.max(runMax[g], hi[g]);
        }
        if (options.init() == RangeInit.PERCENTILE) {
            observePercentile(layout.grouped(data), layout.perGroup());
        } else if (store != null && store.accepts()) {
            store.add(layout.grouped(data), groups);
        }
        observed++;
    }

    private GroupLayout layout(Tensor tensor) {
        GroupLayout layout = GroupLayout.of(tensor.shape(), site, config.granularity(), config.heads());
        if (groups >= 0 && layout.groups() != groups) {
            throw new IllegalArgumentException("site " + site.id() + ": tensor " + Arrays.toString(tensor.shape())
                    + " has " + layout.groups() + " " + groupWord() + ", the calibration tensors had " + groups);
        }
        return layout;
    }

    private String groupWord() {
        return switch (config.granularity()) {
            case PER_TENSOR -> "groups";
            case PER_CHANNEL -> site.role().isWeight() ? "output rows (axis 0)" : "channels (last axis)";
            case PER_HEAD -> "heads (axis 1)";
        };
    }

    /** Per-group min and max of one tensor; rejects NaN and infinity. */
    private void batchMinMax(float[] data, GroupLayout layout, float[] lo, float[] hi, Tensor tensor) {
        Arrays.fill(lo, Float.POSITIVE_INFINITY);
        Arrays.fill(hi, Float.NEGATIVE_INFINITY);
        float poison = 0f;
        int inner = layout.inner();
        if (inner == 1) {
            for (int o = 0, i = 0; o < layout.outer(); o++) {
                for (int g = 0; g < groups; g++, i++) {
                    float v = data[i];
                    poison += v * 0f;
                    lo[g] = v < lo[g] ? v : lo[g];
                    hi[g] = v > hi[g] ? v : hi[g];
                }
            }
        } else {
            for (int o = 0, i = 0; o < layout.outer(); o++) {
                for (int g = 0; g < groups; g++) {
                    float mn = lo[g];
                    float mx = hi[g];
                    for (int end = i + inner; i < end; i++) {
                        float v = data[i];
                        poison += v * 0f;
                        mn = v < mn ? v : mn;
                        mx = v > mx ? v : mx;
                    }
                    lo[g] = mn;
                    hi[g] = mx;
                }
            }
        }
        if (poison != 0f) {
            throw new IllegalArgumentException("site " + site.id() + ": calibration tensor "
                    + Arrays.toString(tensor.shape()) + " contains NaN or infinite values");
        }
    }

    private void observePercentile(float[] grouped, int per) {
        boolean first = pctLo == null;
        if (first) {
            pctLo = new float[groups];
            pctHi = new float[groups];
        }
        double level = options.percentile();
        for (int g = 0; g < groups; g++) {
            int from = g * per;
            Arrays.sort(grouped, from, from + per);
            float curHi = TorchQuantile.of(grouped, from, per, level);
            float curLo = TorchQuantile.of(grouped, from, per, TorchQuantile.complement(level));
            if (first) {
                pctLo[g] = curLo;
                pctHi[g] = curHi;
            } else {
                pctHi[g] = pctHi[g] + PERCENTILE_MOMENTUM * (curHi - pctHi[g]);
                pctLo[g] = pctLo[g] + PERCENTILE_MOMENTUM * (curLo - pctLo[g]);
            }
        }
    }

    /**
     * The scale {@code 1/(c K)}, {@code K = max(1, floor(1/(c s)))}, as the smallest float32
     * {@code r} with {@code 1/(c r) <= K} in double, so that {@code floor(-1/(c r))}, as the
     * integer kernels compute it, is exactly {@code -K}.
     * A zero or non-finite scale (constant group) is kept.
     */
    static float integerReciprocal(float s, double c) {
        if (!(s > 0) || !Float.isFinite(s)) {
            return s;
        }
        double k = Math.max(1, Math.floor(1.0 / (c * (double) s)));
        float r = (float) (1.0 / (c * k));
        while (1.0 / (c * (double) r) > k) {
            r = Math.nextUp(r);
        }
        while (1.0 / (c * (double) Math.nextDown(r)) <= k) {
            r = Math.nextDown(r);
        }
        return r;
    }

    @Override
    public void fit() {
        if (fitted) {
            throw new IllegalStateException("site " + site.id() + ": fit() called twice");
        }
        if (observed == 0) {
            throw new IllegalStateException("site " + site.id() + ": fit() before any observe()");
        }
        float[] s = new float[groups];
        float[] z = new float[groups];
        List<Double> chosen = null;
        switch (options.init()) {
            case MINMAX -> {
                for (int g = 0; g < groups; g++) {
                    grid.fit(runMin[g], runMax[g], s, z, g);
                }
            }
            case PERCENTILE -> {
                for (int g = 0; g < groups; g++) {
                    grid.fit(pctLo[g], pctHi[g], s, z, g);
                }
                chosen = Collections.nCopies(groups, options.percentile());
            }
            case PERCENTILE_MSE -> chosen = RangeSearch.percentileMse(grid, store, options.percentiles(), s, z);
            case MSE -> chosen = RangeSearch.omse(grid, store, runMin, runMax, s, z);
            default -> throw new IllegalStateException("unhandled init " + options.init());
        }
        if (options.integerReciprocal() > 0) {
            for (int g = 0; g < groups; g++) {
                s[g] = integerReciprocal(s[g], options.integerReciprocal());
            }
        }
        if (store != null) {
            store.clear();
        }
        pctLo = null;
        pctHi = null;
        scale = s;
        zero = z;
        List<Integer> degenerate = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            if (runMin[g] == runMax[g]) {
                degenerate.add(g);
            }
        }
        params = buildParams(chosen, degenerate);
        fitted = true;
    }

    private QuantParams buildParams(List<Double> chosen, List<Integer> constantGroups) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("symmetric", config.symmetric());
        extra.put("init", options.init().key());
        GridFacts.putRange(extra, grid.qmin(), grid.qmax());
        if (config.symmetric()) {
            extra.put("symmetric_scale", options.symmetricScale().key());
        }
        if (chosen != null) {
            extra.put(options.init() == RangeInit.MSE ? "range_factor" : "percentile", List.copyOf(chosen));
        }
        extra.put("observed", observed);
        GridFacts.putConstantGroups(extra, constantGroups);
        return new QuantParams(config.bits(), config.granularity(), Tensor.of(scale.clone(), groups),
                Tensor.of(zero.clone(), groups), extra);
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": quantize() before fit()");
        }
        GroupLayout layout = layout(tensor);
        float[] in = tensor.data();
        float[] out = new float[in.length];
        if (groups == 1) {
            grid.quantizeRun(in, out, 0, in.length, scale[0], zero[0]);
        } else if (layout.inner() == 1) {
            grid.quantizeRows(in, out, layout.outer(), scale, zero);
        } else {
            int inner = layout.inner();
            for (int o = 0, i = 0; o < layout.outer(); o++) {
                for (int g = 0; g < groups; g++, i += inner) {
                    grid.quantizeRun(in, out, i, i + inner, scale[g], zero[g]);
                }
            }
        }
        return Tensor.of(out, tensor.shape());
    }

    @Override
    public QuantParams params() {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": params() before fit()");
        }
        return params;
    }

    @Override
    public String toString() {
        return "uniform[" + site.id() + ", " + config.bits() + " bit, " + config.granularity() + ", "
                + (config.symmetric() ? "symmetric" : "asymmetric") + ", " + options.init().key() + "]";
    }
}
