package io.qvit.plugins.adalog;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AdaLog quantizer of one site, per tensor ({@link AdaLogTable} for the code book):
 * {@code x̂ = Q(x + c) − c} with offset {@code c} (option {@code shift}; post-GELU 0.16997…), or
 * {@code Q(x + c)} once {@link #folded()} (the offset then lives in the next layer's bias, see
 * {@link GeluBiasReparameterization}). The scale is fixed (option {@code scale}; post-softmax 1) or
 * searched. {@link #fit()} searches on the plain MSE of the observed tensors, starting from q = 37
 * and, for a searched scale, the second-to-last of {@code eq_n} scales between the 0.9 and 1.0
 * positive percentiles; {@link #fit(LayerView)} on the layer output ({@link JointSearch}).
 *
 * <p>Quantization compares {@code x + c} with the decision thresholds {@code s·2^(−(k − ½)·q/37)}
 * (the code of {@code round(−log2((x + c)/s)·37/q)} without a logarithm per value) and outputs the
 * hardware dequantization {@code s·2^(−⌊qk/37⌋)·T[qk mod 37]}.
 *
 * <p>{@link #params()}: scale [s], zero point [0]; {@code extra}: {@code q}, {@code r} (37),
 * {@code log_base} ({@code 2^(q/r)}), {@code shift}, {@code folded}, {@code table} (the 37 T
 * entries), {@code layer_fitted}.
 */
final class AdaLogTensorQuantizer implements Searchable, LayerFitted {
    private final QuantSite site;
    private final QuantizerConfig config;
    private final SearchOptions options;
    private final boolean folded;
    private final Samples samples = new Samples();
    private double scale = Double.NaN;
    private int q;
    private double[] ud;
    private AdaLogTable table;
    private float[] thresholds;
    private float[] values;
    private boolean layerFitted;
    private float[] cachedValues;
    private SortedGroups cached;

    AdaLogTensorQuantizer(QuantSite site, QuantizerConfig config, SearchOptions options) {
        this(site, config, options, false);
    }

    private AdaLogTensorQuantizer(QuantSite site, QuantizerConfig config, SearchOptions options, boolean folded) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("site " + site.id() + ": the adalog quantizer is per-tensor, got granularity "
                    + config.granularity().name().toLowerCase().replace('_', '-'));
        }
        this.site = site;
        this.config = config;
        this.options = options;
        this.folded = folded;
    }

    /** This quantizer (fitted) with the offset left in the output: {@code Q(x + c)}. */
    AdaLogTensorQuantizer folded() {
        requireFitted();
        AdaLogTensorQuantizer f = new AdaLogTensorQuantizer(site, config, options, true);
        f.ud = ud;
        f.layerFitted = layerFitted;
        f.set(scale, q);
        return f;
    }

    /** True when the offset is folded into the next layer. */
    boolean isFolded() {
        return folded;
    }

    /** The offset c. */
    double shift() {
        return options.shift();
    }

    @Override
    public SearchOptions options() {
        return options;
    }

    @Override
    public boolean logarithmic() {
        return true;
    }

    @Override
    public float[] effective(float[] x) {
        if (!folded || options.shift() == 0) {
            return x;
        }
        float c = (float) options.shift();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + c;
        }
        return y;
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
        float[] x = samples.drain();
        ud = positivePercentiles(x);
        double s0 = fixedScale() ? options.fixedScale()
                : ud[0] + (ud[1] - ud[0]) * (options.eqN() - 2) / (options.eqN() - 1);
        SortedGroups data = new SortedGroups(shifted(x), new Groups(Math.max(1, x.length), 1));
        AdaLogSearch.Result r = AdaLogSearch.search(data, config.bits(), new AdaLogSearch.Result(s0, AdaLogTable.R),
                ud, fixedScale(), options);
        set(r.scale(), r.q());
    }

    private boolean fixedScale() {
        return !Double.isNaN(options.fixedScale());
    }

    /**
     * The 0.9 and 1.0 percentiles of the positive values (rank {@code ⌈n·p⌉ − 1} of the sorted
     * positives, as the reference's {@code positive_percentile}, but deterministic) plus the offset;
     * a tiny positive range when nothing is positive.
     */
    private double[] positivePercentiles(float[] x) {
        float[] pos = new float[x.length];
        int n = 0;
        for (float v : x) {
            if (v > 0) {
                pos[n++] = v;
            }
        }
        double c = options.shift();
        if (n == 0) {
            return new double[] {c + 1e-6, c + 1e-6 * 2};
        }
        pos = Arrays.copyOf(pos, n);
        Arrays.sort(pos);
        double lo = pos[Math.max(0, (int) Math.ceil(n * 0.9) - 1)] + c;
        double hi = pos[n - 1] + c;
        if (!(hi > 0)) {
            hi = 1e-6;
        }
        if (!(lo > 0)) {
            lo = hi / 2;
        }
        return new double[] {lo, hi};
    }

    private float[] shifted(float[] x) {
        if (options.shift() == 0) {
            return x;
        }
        float c = (float) options.shift();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + c;
        }
        return y;
    }

    @Override
    public void fit(LayerView layer) {
        requireFitted();
        JointSearch.run(layer, this);
    }

    @Override
    public void search(float[] x, int[] shape, LayerObjective objective) {
        search(x, shape, objective, null);
    }

    @Override
    public Groups groups(int[] shape) {
        return new Groups(Math.max(1, java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)), 1);
    }

    /**
     * This quantizer's function for scale s and base q, computed as {@link #quantize} computes it:
     * {@code Q(x + c) − c}, or {@code Q(x + c)} when folded.
     */
    ExactError.Candidate candidate(double s, int base) {
        AdaLogTable t = new AdaLogTable(config.bits(), base);
        int codes = 1 << config.bits();
        float sf = (float) s;
        float[] th = new float[codes];
        float[] val = new float[codes + 1];
        for (int k = 0; k < codes; k++) {
            th[k] = (float) (sf * t.threshold(k + 1));
            val[k] = (float) (sf * t.level(k));
        }
        float c = (float) options.shift();
        float back = folded ? 0f : c;
        return x -> {
            float v = x + c;
            int lo = 0;
            int hi = th.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (th[mid] >= v) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return val[lo] - back;
        };
    }

    @Override
    public void search(float[] x, int[] shape, LayerObjective objective, ExactError exact) {
        if (cached == null || cachedValues != x) {
            cached = new SortedGroups(shifted(x), new Groups(Math.max(1, x.length), 1));
            cachedValues = x;
        }
        cached.weigh(objective.w(), objective.p());
        AdaLogSearch.Result r = AdaLogSearch.search(cached, config.bits(), new AdaLogSearch.Result(scale, q), ud,
                fixedScale(), options, exact == null ? null : (s, b) -> exact.error(0, candidate(s, b)));
        set(r.scale(), r.q());
        layerFitted = true;
    }

    @Override
    public void release() {
        cached = null;
        cachedValues = null;
    }

    private void set(double s, int base) {
        scale = (float) s;
        q = base;
        table = new AdaLogTable(config.bits(), base);
        int codes = 1 << config.bits();
        thresholds = new float[codes];
        values = new float[codes + 1];
        for (int k = 0; k < codes; k++) {
            thresholds[k] = (float) (scale * table.threshold(k + 1));
            values[k] = (float) (scale * table.level(k));
        }
        values[codes] = 0f;
    }

    @Override
    public boolean fitted() {
        return table != null;
    }

    private void requireFitted() {
        if (table == null) {
            throw new IllegalStateException("site " + site.id() + ": quantize() before fit()");
        }
    }

    /** The code of {@code v = x + c}: the number of thresholds at or above v (2^b: zero). */
    int code(float v) {
        int lo = 0;
        int hi = thresholds.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (thresholds[mid] >= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        float[] in = tensor.data();
        float[] out = new float[in.length];
        float c = (float) options.shift();
        float back = folded ? 0f : c;
        for (int i = 0; i < in.length; i++) {
            float v = in[i] + c;
            out[i] = values[code(v)] - back;
        }
        return Tensor.of(out, tensor.shape());
    }

    @Override
    public QuantParams params() {
        requireFitted();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("q", q);
        extra.put("r", AdaLogTable.R);
        extra.put("log_base", Math.pow(2, (double) q / AdaLogTable.R));
        extra.put("shift", options.shift());
        extra.put("folded", folded);
        List<Double> t = new ArrayList<>();
        for (double v : table.table()) {
            t.add(v);
        }
        extra.put("table", t);
        extra.put("layer_fitted", layerFitted);
        return new QuantParams(config.bits(), Granularity.PER_TENSOR, Tensor.of(new float[] {(float) scale}, 1),
                Tensor.of(new float[] {0f}, 1), extra);
    }

    @Override
    public String toString() {
        return "adalog[" + site.id() + ", " + config.bits() + " bit, q = " + q + ", s = " + scale + "]";
    }
}
