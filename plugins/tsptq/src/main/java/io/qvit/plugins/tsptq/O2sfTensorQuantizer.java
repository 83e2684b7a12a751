package io.qvit.plugins.tsptq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.facts.GridFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tsptq.o2sf} at one activation site, channels on the last axis.
 *
 * <p><b>Fitting.</b> {@code observe} keeps per-channel minima and maxima and a strided sample of
 * rows; {@link #fit()} builds the {@link OutlierChannels} grid for every candidate threshold (the
 * exponent cap m is the first of {@code ratios}) and keeps the one with the smallest squared error
 * over the kept rows, the first on ties.
 *
 * <p><b>Quantization.</b> Channel c: {@code clamp(round(x/s_c) + z, 0, 2^b−1)}, dequantized
 * {@code (q − z)·s_c}, with {@code s_c = Δ} or {@code 2^m·Δ} by its flag bit; in units of Δ the
 * outlier channels' integers are {@code (q − z) << m}. With {@code flag_bits} f > 1 the flag picks
 * one of up to {@code 2^f − 1} exponents.
 *
 * <p><b>Parameters.</b> {@code scale}, {@code zeroPoint}: per channel ({@code s_c}, z);
 * {@code extra}: {@code qmin}, {@code qmax}, {@code ratio_log2} (m), {@code outlier_channels}
 * (indices), {@code threshold}, {@code objective} ({@code mse}), {@code init}; with f > 1 also
 * {@code flag_bits} and {@code channel_exponents} (each channel's e, 0 = normal).
 */
final class O2sfTensorQuantizer implements TensorQuantizer {
    private final QuantSite site;
    private final QuantizerConfig config;
    private final TsptqOptions options;
    private float[] min;
    private float[] max;
    private StridedSample sample;

    private volatile boolean fitted;
    private OutlierChannels.Grid grid;
    private QuantParams params;

    O2sfTensorQuantizer(QuantSite site, QuantizerConfig config, TsptqOptions options) {
        this.site = site;
        this.config = config;
        this.options = options;
    }

    @Override
    public CalibrationParadigm paradigm() {
        return options.paradigm();
    }

    @Override
    public void observe(Tensor tensor) {
        int channels = tensor.dim(tensor.rank() - 1);
        if (min == null) {
            min = new float[channels];
            max = new float[channels];
            Arrays.fill(min, Float.POSITIVE_INFINITY);
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            sample = new StridedSample(channels, options.maxValues());
        } else if (channels != min.length) {
            throw new IllegalArgumentException("site " + site.id() + ": tsptq.o2sf saw " + min.length
                    + " channels, now " + channels);
        }
        float[] x = tensor.data();
        for (int i = 0; i < x.length; i++) {
            int c = i % channels;
            float v = x[i];
            if (v < min[c]) {
                min[c] = v;
            }
            if (v > max[c]) {
                max[c] = v;
            }
        }
        sample.add(x);
    }

    @Override
    public void fit() {
        if (min == null) {
            throw new IllegalStateException("site " + site.id() + ": tsptq.o2sf fit before any observe");
        }
        int cap = options.ratios().get(0);
        OutlierChannels.Grid best = null;
        double bestErr = Double.POSITIVE_INFINITY;
        for (double t : options.thresholds()) {
            OutlierChannels.Grid g = OutlierChannels.grid(min, max, config.bits(), t, cap, options.flagBits());
            double err = error(g);
            if (best == null || err < bestErr) {
                best = g;
                bestErr = err;
            }
        }
        sample.clear();
        publish(best);
    }

    private double error(OutlierChannels.Grid g) {
        int channels = min.length;
        float[] scales = scales(g);
        double e = 0;
        for (float[] rows : sample.arrays()) {
            for (int i = 0; i < rows.length; i++) {
                double d = rows[i] - fake(rows[i], scales[i % channels], g.zeroPoint());
                e += d * d;
            }
        }
        return e;
    }

    private float[] scales(OutlierChannels.Grid g) {
        float[] s = new float[min.length];
        for (int c = 0; c < s.length; c++) {
            s[c] = g.scale(c);
        }
        return s;
    }

    private float fake(float x, float s, int z) {
        int qmax = (1 << config.bits()) - 1;
        double r = Math.rint(x / s) + z;
        int q = r <= 0 || Double.isNaN(r) ? 0 : r >= qmax ? qmax : (int) r;
        return (float) (q - z) * s;
    }

    private void publish(OutlierChannels.Grid g) {
        float[] s = scales(g);
        float[] zp = new float[s.length];
        Arrays.fill(zp, g.zeroPoint());
        List<Integer> outliers = new ArrayList<>();
        for (int c = 0; c < s.length; c++) {
            if (g.outlier(c)) {
                outliers.add(c);
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        GridFacts.putRange(extra, 0, (1 << config.bits()) - 1);
        extra.put("init", TsptqOptions.INIT);
        extra.put("objective", "mse");
        extra.put("ratio_log2", g.ratioLog2());
        extra.put("outlier_channels", outliers);
        extra.put("threshold", g.threshold());
        if (options.flagBits() > 1) {
            extra.put("flag_bits", options.flagBits());
            extra.put("channel_exponents", Arrays.stream(g.exponent()).boxed().toList());
        }
        grid = g;
        params = new QuantParams(config.bits(), config.granularity(), Tensor.of(s, s.length), Tensor.of(zp, zp.length),
                extra);
        fitted = true;
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        float[] s = scales(grid);
        int channels = s.length;
        if (tensor.dim(tensor.rank() - 1) != channels) {
            throw new IllegalArgumentException("site " + site.id() + ": tsptq.o2sf fitted on " + channels
                    + " channels, got " + Arrays.toString(tensor.shape()));
        }
        float[] x = tensor.data();
        float[] y = new float[x.length];
        int z = grid.zeroPoint();
        for (int i = 0; i < x.length; i++) {
            y[i] = fake(x[i], s[i % channels], z);
        }
        return Tensor.of(y, tensor.shape());
    }

    /** The fitted grid. */
    OutlierChannels.Grid grid() {
        requireFitted();
        return grid;
    }

    private void requireFitted() {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": tsptq.o2sf quantize before fit");
        }
    }

    @Override
    public QuantParams params() {
        requireFitted();
        return params;
    }

    @Override
    public String toString() {
        return "tsptq.o2sf[" + site.id() + ", " + config.bits() + " bit]";
    }
}
