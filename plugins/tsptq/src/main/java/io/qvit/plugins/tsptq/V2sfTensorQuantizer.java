package io.qvit.plugins.tsptq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code tsptq.v2sf} at one site (per tensor).
 *
 * <p><b>Fitting.</b> {@link #fit()}: for every candidate exponent m and coverage α, the coarse
 * region reaches {@code α·max} (the calibration maximum, at least 0), so
 * {@code Δ = α·max / (Q·2^m)}, and the fine region's zero point is {@code z = round(−min/Δ)}
 * clamped to [0, Q] (0 for a non-negative tensor). The candidate with the smallest squared error
 * over the kept calibration values wins, the first in (m, α) order on ties. The objective is the
 * error of the values themselves, not a Hessian-weighted or layer-output error.
 *
 * <p><b>Parameters.</b> {@code scale}: Δ; {@code zeroPoint}: z; {@code extra}: {@code ratio_log2}
 * (m), {@code coarse_scale} (2^m·Δ), {@code coverage} (α), {@code payload_bits} (b−1),
 * {@code region_bit} (the flag's position, b−1), {@code objective} ({@code mse}), {@code init}.
 *
 * <p><b>Threads.</b> {@code observe} and {@code fit} from one calibration thread; afterwards
 * immutable and thread-safe.
 */
final class V2sfTensorQuantizer implements TensorQuantizer {
    private final QuantSite site;
    private final QuantizerConfig config;
    private final TsptqOptions options;
    private final StridedSample sample;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    private volatile boolean fitted;
    private TwoScaleCode code;
    private QuantParams params;

    V2sfTensorQuantizer(QuantSite site, QuantizerConfig config, TsptqOptions options) {
        this.site = site;
        this.config = config;
        this.options = options;
        this.sample = new StridedSample(1, options.maxValues());
    }

    @Override
    public CalibrationParadigm paradigm() {
        return options.paradigm();
    }

    @Override
    public void observe(Tensor tensor) {
        float[] x = tensor.data();
        float lo = min;
        float hi = max;
        for (float v : x) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        min = lo;
        max = hi;
        sample.add(x);
    }

    @Override
    public void fit() {
        int q = (1 << (config.bits() - 1)) - 1;
        float top = Float.isFinite(max) ? Math.max(max, 0f) : max == Float.POSITIVE_INFINITY ? Float.MAX_VALUE : 0f;
        float bottom = Float.isFinite(min) ? Math.min(min, 0f) : min == Float.NEGATIVE_INFINITY ? -Float.MAX_VALUE : 0f;
        TwoScaleCode best = null;
        double bestAlpha = 1;
        double bestErr = Double.POSITIVE_INFINITY;
        for (int m : options.ratios()) {
            for (double alpha : options.coverage()) {
                float fine = (float) (alpha * top / ((double) q * StrictMath.scalb(1.0, m)));
                if (!(fine > 0) || !Float.isFinite(fine) || !Float.isFinite(Math.scalb(fine, m) * q)) {
                    continue;
                }
                double zr = Math.rint(-bottom / (double) fine);
                int z = (int) Math.max(0, Math.min(q, zr));
                TwoScaleCode c = new TwoScaleCode(config.bits(), fine, z, m);
                double err = error(c);
                if (err < bestErr) {
                    bestErr = err;
                    best = c;
                    bestAlpha = alpha;
                }
            }
        }
        if (best == null) {
            best = new TwoScaleCode(config.bits(), 1f, 0, options.ratios().get(0));
        }
        sample.clear();
        publish(best, bestAlpha);
    }

    private double error(TwoScaleCode c) {
        double e = 0;
        for (float[] values : sample.arrays()) {
            for (float v : values) {
                double d = v - c.fakeQuantize(v);
                e += d * d;
            }
        }
        return e;
    }

    private void publish(TwoScaleCode c, double alpha) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("init", TsptqOptions.INIT);
        extra.put("objective", "mse");
        extra.put("ratio_log2", c.ratioLog2());
        extra.put("coarse_scale", c.coarse());
        extra.put("coverage", alpha);
        extra.put("payload_bits", config.bits() - 1);
        extra.put("region_bit", config.bits() - 1);
        code = c;
        params = new QuantParams(config.bits(), config.granularity(), Tensor.of(new float[] {c.fine()}, 1),
                Tensor.of(new float[] {c.zeroPoint()}, 1), extra);
        fitted = true;
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        float[] x = tensor.data();
        float[] y = new float[x.length];
        TwoScaleCode c = code;
        for (int i = 0; i < x.length; i++) {
            y[i] = c.fakeQuantize(x[i]);
        }
        return Tensor.of(y, tensor.shape());
    }

    /** The fitted encoding. */
    TwoScaleCode code() {
        requireFitted();
        return code;
    }

    private void requireFitted() {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": tsptq.v2sf quantize before fit");
        }
    }

    @Override
    public QuantParams params() {
        requireFitted();
        return params;
    }

    @Override
    public String toString() {
        return "tsptq.v2sf[" + site.id() + ", " + config.bits() + " bit]";
    }
}
