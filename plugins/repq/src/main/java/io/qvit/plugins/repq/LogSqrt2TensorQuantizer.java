package io.qvit.plugins.repq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.stats.TorchQuantile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log√2 quantizer at one site (RepQ-ViT's {@code LogSqrt2Quantizer}), per tensor.
 *
 * <p><b>Fitting Δ.</b> Init {@code percentile-mse} (the reference): for each candidate level
 * {@code p} (default 0.999, 0.9999, 0.99999), {@code Δ_p = quantile(x, p)} over every observed
 * value (linear interpolation, as {@code torch.quantile}); the candidate with the smallest mean
 * squared error {@code mean((x − x̂)²)} on the observed values wins, the first on ties; if no
 * candidate is usable (Δ_p not finite and positive) Δ is the maximum, as the reference's
 * fallback. Init {@code minmax}: Δ = the maximum. When the observed values have no positive
 * maximum (an all-zero map) Δ = 1, so every zero keeps the zero code and dequantizes to 0.
 *
 * <p><b>Quantizing.</b> On the {@link LogSqrt2Grid} of Δ: {@link #codes} gives the codes,
 * {@link #quantize} the dequantized values, and {@link ShiftAccumulateMatmul} the attention
 * product from codes. Zeros (and negative values, which a softmax never produces) give 0.
 *
 * <p><b>Parameters.</b> {@code scale} = [Δ], {@code zeroPoint} = [0]; {@code extra}:
 * {@code log_base} ({@code "sqrt2"}), {@code base} (√2 as a double), {@code max_code}
 * ({@code 2^b − 1}), {@code zero_code} ({@code 2^b}, see {@link LogSqrt2Grid}), {@code init},
 * {@code percentile} (the chosen level, for {@code percentile-mse}) and {@code observed} (number of
 * calibration tensors). Value of code q: {@code Δ·base^(−q)}.
 *
 * <p><b>Memory.</b> Keeps copies of the first {@code max_samples} observed tensors until
 * {@link #fit} (DeiT-T's calibration attention map {@code [32, 3, 197, 197]} is 15 MB).
 *
 * <p><b>Threads.</b> {@link #observe} and {@link #fit} from one calibration thread; after
 * {@link #fit} the quantizer is immutable and thread-safe.
 */
public final class LogSqrt2TensorQuantizer implements TensorQuantizer {
    private final QuantSite site;
    private final QuantizerConfig config;
    private final LogSqrt2Options options;
    private final List<float[]> samples = new ArrayList<>();
    private float runMax = Float.NEGATIVE_INFINITY;
    private int observed;

    private volatile boolean fitted;
    private LogSqrt2Grid grid;
    private QuantParams params;

    /**
     * Creates the quantizer; {@link LogSqrt2Quantizer#create} is the usual way.
     *
     * @param site where it quantizes
     * @param config bits and init
     * @param options the parsed options of {@code config}
     */
    public LogSqrt2TensorQuantizer(QuantSite site, QuantizerConfig config, LogSqrt2Options options) {
        this.site = site;
        this.config = config;
        this.options = options;
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
        return LogSqrt2Options.MINMAX.equals(options.init()) ? 0 : options.maxSamples();
    }

    @Override
    public void observe(Tensor tensor) {
        if (fitted) {
            throw new IllegalStateException("site " + site.id() + ": observe() after fit()");
        }
        float[] data = tensor.data();
        float max = runMax;
        float poison = 0f;
        for (float v : data) {
            poison += v * 0f;
            max = v > max ? v : max;
        }
        if (poison != 0f) {
            throw new IllegalArgumentException("site " + site.id() + ": calibration tensor "
                    + Arrays.toString(tensor.shape()) + " contains NaN or infinite values");
        }
        runMax = max;
        if (rawSamples() > 0 && samples.size() < options.maxSamples()) {
            samples.add(data.clone());
        }
        observed++;
    }

    @Override
    public void fit() {
        if (fitted) {
            throw new IllegalStateException("site " + site.id() + ": fit() called twice");
        }
        if (observed == 0) {
            throw new IllegalStateException("site " + site.id() + ": fit() before any observe()");
        }
        float delta = runMax;
        Double chosen = null;
        if (LogSqrt2Options.PERCENTILE_MSE.equals(options.init()) && !samples.isEmpty()) {
            int n = 0;
            for (float[] s : samples) {
                n += s.length;
            }
            float[] all = new float[n];
            int at = 0;
            for (float[] s : samples) {
                System.arraycopy(s, 0, all, at, s.length);
                at += s.length;
            }
            samples.clear();
            Arrays.sort(all);
            double best = Double.POSITIVE_INFINITY;
            for (double p : options.percentiles()) {
                float candidate = TorchQuantile.of(all, n, p);
                if (!(candidate > 0) || Float.isInfinite(candidate)) {
                    continue;
                }
                double err = meanSquaredError(all, new LogSqrt2Grid(config.bits(), candidate));
                if (err < best) {
                    best = err;
                    delta = candidate;
                    chosen = p;
                }
            }
        }
        samples.clear();
        if (!(delta > 0) || Float.isInfinite(delta)) {
            delta = 1f;
        }
        grid = new LogSqrt2Grid(config.bits(), delta);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("log_base", "sqrt2");
        extra.put("base", Math.sqrt(2.0));
        extra.put("max_code", grid.maxCode());
        extra.put("zero_code", grid.zeroCode());
        extra.put("init", options.init());
        if (chosen != null) {
            extra.put("percentile", chosen);
        }
        extra.put("observed", observed);
        params = new QuantParams(config.bits(), Granularity.PER_TENSOR, Tensor.of(new float[] {delta}, 1),
                Tensor.of(new float[] {0f}, 1), extra);
        fitted = true;
    }

    private static double meanSquaredError(float[] values, LogSqrt2Grid g) {
        double sum = 0;
        for (float x : values) {
            double d = x - g.fakeQuantize(x);
            sum += d * d;
        }
        return sum / values.length;
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    /**
     * The grid of the fitted Δ.
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public LogSqrt2Grid grid() {
        requireFitted("grid()");
        return grid;
    }

    /**
     * The codes of {@code tensor} (the integer form of {@link #quantize}).
     *
     * @throws IllegalStateException before {@link #fit}
     */
    public LogSqrt2Codes codes(Tensor tensor) {
        requireFitted("codes()");
        return LogSqrt2Codes.of(tensor, grid);
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted("quantize()");
        float[] in = tensor.data();
        float[] out = new float[in.length];
        LogSqrt2Grid g = grid;
        for (int i = 0; i < in.length; i++) {
            out[i] = g.fakeQuantize(in[i]);
        }
        return Tensor.of(out, tensor.shape());
    }

    @Override
    public QuantParams params() {
        requireFitted("params()");
        return params;
    }

    private void requireFitted(String what) {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": " + what + " before fit()");
        }
    }

    @Override
    public String toString() {
        return "log-sqrt2[" + site.id() + ", " + config.bits() + " bit, " + options.init() + "]";
    }
}
