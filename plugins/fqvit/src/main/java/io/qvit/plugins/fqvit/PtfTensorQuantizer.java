package io.qvit.plugins.fqvit;

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
 * {@code fqvit.ptf} at one activation site, channels on the last axis, as the authors'
 * {@code PtfObserver}: with the calibration minimum m and maximum M over every channel (float32),
 * {@code s_K = max((M − m)/(2^b − 1), eps)}, {@code z = clamp(−round(m/s_K), 0, 2^b − 1)},
 * {@code s_0 = s_K/2^K}; channel c gets {@code s_c = s_0·2^α_c}, α_c the factor with the smallest
 * mean squared error of the channel's kept calibration values (the smallest α on ties), each
 * candidate quantized as {@code (clamp(round(x/s + z), 0, 2^b − 1) − z)·s}. The integer
 * LayerNorm then sees {@code q << α_c} in the common scale s_0.
 *
 * <p>The authors choose α on the last calibration batch; this keeps (strided) rows of every
 * calibration batch, which is the same data when calibration is one batch (32 images).
 *
 * <p><b>Parameters.</b> {@code scale}, {@code zeroPoint}: per channel; {@code extra}: {@code qmin},
 * {@code qmax}, {@code factors} (α per channel), {@code base_scale} (s_0), {@code init}.
 */
final class PtfTensorQuantizer implements TensorQuantizer {
    /** torch.finfo(torch.float32).eps, the authors' lower bound of a scale. */
    static final float EPS = Math.ulp(1f);

    private final QuantSite site;
    private final QuantizerConfig config;
    private final PtfQuantizer.Options options;
    private final List<float[]> kept = new ArrayList<>();
    private int channels = -1;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    private volatile boolean fitted;
    private float[] scales;
    private float zeroPoint;
    private QuantParams params;

    PtfTensorQuantizer(QuantSite site, QuantizerConfig config, PtfQuantizer.Options options) {
        this.site = site;
        this.config = config;
        this.options = options;
    }

    @Override
    public void observe(Tensor tensor) {
        int c = tensor.dim(tensor.rank() - 1);
        if (channels < 0) {
            channels = c;
        } else if (c != channels) {
            throw new IllegalArgumentException("site " + site.id() + ": fqvit.ptf saw " + channels + " channels, now " + c);
        }
        float[] x = tensor.data();
        for (float v : x) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        int rows = x.length / channels;
        int stride = Math.max(1, (rows + options.maxRows() - 1) / options.maxRows());
        int n = (rows + stride - 1) / stride;
        float[] keep = new float[n * channels];
        for (int r = 0, i = 0; r < rows; r += stride, i++) {
            System.arraycopy(x, r * channels, keep, i * channels, channels);
        }
        kept.add(keep);
    }

    @Override
    public void fit() {
        if (channels < 0) {
            throw new IllegalStateException("site " + site.id() + ": fqvit.ptf fit before any observe");
        }
        int qmax = (1 << config.bits()) - 1;
        float lo = Float.isFinite(min) ? min : -Float.MAX_VALUE;
        float hi = Float.isFinite(max) ? max : Float.MAX_VALUE;
        float top = (hi - lo) / qmax;
        top = Float.isFinite(top) ? Math.max(top, EPS) : Float.MAX_VALUE / qmax;
        float z = (float) Math.max(0, Math.min(qmax, -Math.rint(lo / top)));
        float base = Math.scalb(top, -options.factors());
        double[][] err = new double[channels][options.factors() + 1];
        for (float[] rows : kept) {
            for (int i = 0; i < rows.length; i++) {
                int c = i % channels;
                float x = rows[i];
                for (int a = 0; a <= options.factors(); a++) {
                    double d = x - fake(x, Math.scalb(base, a), z, qmax);
                    err[c][a] += d * d;
                }
            }
        }
        kept.clear();
        float[] s = new float[channels];
        List<Integer> alpha = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            int best = 0;
            for (int a = 1; a <= options.factors(); a++) {
                if (err[c][a] < err[c][best]) {
                    best = a;
                }
            }
            s[c] = Math.scalb(base, best);
            alpha.add(best);
        }
        float[] zp = new float[channels];
        Arrays.fill(zp, z);
        Map<String, Object> extra = new LinkedHashMap<>();
        GridFacts.putRange(extra, 0, qmax);
        extra.put("init", "minmax");
        extra.put("factors", alpha);
        extra.put("base_scale", base);
        scales = s;
        zeroPoint = z;
        params = new QuantParams(config.bits(), config.granularity(), Tensor.of(s, channels), Tensor.of(zp, channels), extra);
        fitted = true;
    }

    /** {@code (clamp(round(x/s + z), 0, qmax) − z)·s}, round half to even as torch.round. */
    static float fake(float x, float s, float z, int qmax) {
        float r = (float) Math.rint(x / s + z);
        float q = r > 0 ? Math.min(r, qmax) : 0f;
        return (q - z) * s;
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": fqvit.ptf quantize before fit");
        }
        if (tensor.dim(tensor.rank() - 1) != channels) {
            throw new IllegalArgumentException("site " + site.id() + ": fqvit.ptf fitted on " + channels
                    + " channels, got " + Arrays.toString(tensor.shape()));
        }
        int qmax = (1 << config.bits()) - 1;
        float[] x = tensor.data();
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = fake(x[i], scales[i % channels], zeroPoint, qmax);
        }
        return Tensor.of(y, tensor.shape());
    }

    @Override
    public QuantParams params() {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": fqvit.ptf params before fit");
        }
        return params;
    }

    @Override
    public String toString() {
        return "fqvit.ptf[" + site.id() + ", " + config.bits() + " bit]";
    }
}
