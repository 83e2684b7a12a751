package io.qvit.plugins.onnx.internal;

import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Emits each quantized site of a {@link CalibratedModel} into an {@link OnnxGraph}, choosing the
 * exact form of its grid:
 * <ul>
 *   <li>activations on a full 8-bit grid ({@code [0, 255]} or {@code [-128, 127]}, zero points in
 *       range): {@code QuantizeLinear → DequantizeLinear} ({@code qdq-uint8}, {@code qdq-int8});</li>
 *   <li>other uniform grids (fewer or more bits, a zero point outside the codes):
 *       {@code Div → Round → Add → Clip → Sub → Mul}, the grid's formula in float ({@code float-exact});</li>
 *   <li>weights: their integer codes as an int8/uint8 initializer and a {@code DequantizeLinear}
 *       ({@code dq-int8}, {@code dq-uint8}) when every on-grid value is reproduced exactly, else the
 *       on-grid values themselves as a float initializer ({@code float-exact});</li>
 *   <li>activations whose quantizer has no uniform grid: refused with a {@link DeploymentException}
 *       naming the site and the quantizer.</li>
 * </ul>
 * In float mode every site is left in float32 and the float weights are used.
 */
public final class SiteQuantization {
    private final OnnxGraph g;
    private final CalibratedModel model;
    private final boolean quantized;
    private final Map<String, String> forms = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();

    /** Emits into {@code g}; {@code quantized} false gives the float32 graph. */
    public SiteQuantization(OnnxGraph g, CalibratedModel model, boolean quantized) {
        this.g = g;
        this.model = model;
        this.quantized = quantized;
    }

    /** How each site was exported, by site id. */
    public Map<String, String> forms() {
        return forms;
    }

    /**
     * What a probe reads at each exported activation site, by site id: the 8-bit codes of a
     * {@code QuantizeLinear} (QDQ forms; probing them leaves ONNX Runtime's QDQ fusion intact) or the
     * float value after the site ({@code float-exact}).
     */
    public Map<String, String> values() {
        return values;
    }

    private Optional<DeploySite> site(QuantSite s) {
        return quantized ? model.site(s) : Optional.empty();
    }

    /**
     * The value {@code x} after the activation site {@code s} (unchanged when it is not quantized).
     *
     * @param rank the rank of {@code x}: per-channel groups are its last axis, per-head groups axis 1
     */
    public String activation(String x, QuantSite s, int rank) {
        Optional<DeploySite> found = site(s);
        if (found.isEmpty()) {
            return x;
        }
        DeploySite d = found.get();
        if (!d.uniformGrid()) {
            throw new DeploymentException(s + ": quantizer '" + d.quantizer() + "' has no QDQ form and no exact "
                    + "ONNX form in this exporter (non-uniform grid); quantize this site with a uniform quantizer "
                    + "or disable it");
        }
        QuantParams p = d.params();
        int groups = p.scale().size();
        int axis = axis(p.granularity(), rank, s);
        int qmin = d.qmin();
        int qmax = d.qmax();
        float[] zero = p.zeroPoint().data();
        boolean unsigned = qmin == 0 && qmax == 255 && within(zero, 0, 255);
        boolean signed = qmin == -128 && qmax == 127 && within(zero, -128, 127);
        String stem = s.id();
        if (unsigned || signed) {
            int[] z = new int[groups];
            for (int i = 0; i < groups; i++) {
                z[i] = (int) zero[i];
            }
            long[] shape = groups == 1 && p.granularity() == Granularity.PER_TENSOR ? new long[0] : new long[] {groups};
            String scale = g.floats(stem + ".scale", p.scale().data(), shape);
            String zp = g.bytes(stem + ".zero_point", z, signed, shape);
            Map<String, Object> attrs = shape.length == 0 ? Map.of() : Map.of("axis", (long) axis);
            String q = g.op("QuantizeLinear", stem + ".q", attrs, x, scale, zp);
            forms.put(s.id(), signed ? "qdq-int8" : "qdq-uint8");
            values.put(s.id(), q);
            return g.op("DequantizeLinear", stem + ".dq", attrs, q, scale, zp);
        }
        long[] shape = broadcastShape(p.granularity(), groups, rank, axis);
        String scale = g.floats(stem + ".scale", p.scale().data(), shape);
        String zp = g.floats(stem + ".zero_point", zero.clone(), shape);
        String r = g.op("Round", stem + ".round", g.op("Div", stem + ".div", x, scale));
        String c = g.op("Clip", stem + ".clip", g.op("Add", stem + ".add", r, zp),
                g.floats(stem + ".qmin", new float[] {qmin}), g.floats(stem + ".qmax", new float[] {qmax}));
        forms.put(s.id(), "float-exact");
        String out = g.op("Mul", stem + ".fq", g.op("Sub", stem + ".sub", c, zp), scale);
        values.put(s.id(), out);
        return out;
    }

    private static int axis(Granularity granularity, int rank, QuantSite s) {
        return switch (granularity) {
            case PER_TENSOR -> 0;
            case PER_CHANNEL -> rank - 1;
            case PER_HEAD -> {
                if (rank != 4) {
                    throw new DeploymentException(s + ": per-head groups need a [B, H, T, d] tensor");
                }
                yield 1;
            }
        };
    }

    private static long[] broadcastShape(Granularity granularity, int groups, int rank, int axis) {
        if (granularity == Granularity.PER_TENSOR) {
            return new long[0];
        }
        long[] shape = new long[rank];
        java.util.Arrays.fill(shape, 1);
        shape[axis] = groups;
        return shape;
    }

    private static boolean within(float[] v, int lo, int hi) {
        for (float f : v) {
            if (f != Math.rint(f) || f < lo || f > hi) {
                return false;
            }
        }
        return true;
    }

    /**
     * A linear layer's weight {@code key} ({@code [out, in]}) as a {@code [in, out]} value for
     * {@code MatMul}: dequantized codes or exact float values.
     */
    public String linearWeight(QuantSite s, String key) {
        Tensor w = weight(s, key);
        int out = w.dim(0);
        int in = w.size() / out;
        return weightValue(s, key, w, out, in, true, new long[] {in, out});
    }

    /** A convolution weight {@code [out, ...]} in its own layout. */
    public String convWeight(QuantSite s, String key) {
        Tensor w = weight(s, key);
        int out = w.dim(0);
        long[] shape = new long[w.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = w.shape()[i];
        }
        return weightValue(s, key, w, out, w.size() / out, false, shape);
    }

    /** A float parameter (bias, LayerNorm, token, position table) under {@code key}, with {@code shape}. */
    public String floatParam(String key, long... shape) {
        return g.floats(key, model.floatModel().weight(key).data(), shape);
    }

    private Tensor weight(QuantSite s, String key) {
        return (site(s).isPresent() ? model.quantizedModel() : model.floatModel()).weight(key);
    }

    private String weightValue(QuantSite s, String key, Tensor w, int rows, int per, boolean transpose,
                               long[] shape) {
        float[] v = w.data();
        Optional<DeploySite> found = site(s);
        int[] codes = found.filter(DeploySite::uniformGrid).map(d -> codes(d, v, rows, per)).orElse(null);
        float[] values = v;
        if (transpose) {
            values = transpose(v, rows, per);
            codes = codes == null ? null : transpose(codes, rows, per);
        }
        if (codes == null) {
            if (found.isPresent()) {
                forms.put(s.id(), "float-exact");
            }
            return g.floats(key, values, shape);
        }
        DeploySite d = found.get();
        QuantParams p = d.params();
        int groups = p.scale().size();
        boolean signed = min(codes) >= -128 && max(codes) <= 127 && within(p.zeroPoint().data(), -128, 127);
        int[] zp = new int[groups];
        for (int i = 0; i < groups; i++) {
            zp[i] = (int) p.zeroPoint().data()[i];
        }
        long[] groupShape = groups == 1 ? new long[0] : new long[] {groups};
        String scale = g.floats(key + ".scale", p.scale().data(), groupShape);
        String zero = g.bytes(key + ".zero_point", zp, signed, groupShape);
        String q = g.bytes(key + ".codes", codes, signed, shape);
        Map<String, Object> attrs = groups == 1 ? Map.of() : Map.of("axis", (long) (transpose ? 1 : 0));
        forms.put(s.id(), signed ? "dq-int8" : "dq-uint8");
        return g.op("DequantizeLinear", key + ".dq", attrs, q, scale, zero);
    }

    /** The weight's codes if every value is reproduced exactly on an 8-bit grid, else null. */
    private static int[] codes(DeploySite d, float[] v, int rows, int per) {
        QuantParams p = d.params();
        int groups = p.scale().size();
        if (groups != 1 && groups != rows) {
            return null;
        }
        float[] s = p.scale().data();
        float[] z = p.zeroPoint().data();
        int[] c = new int[v.length];
        for (int r = 0; r < rows; r++) {
            int gi = groups == 1 ? 0 : r;
            for (int i = 0; i < per; i++) {
                float x = v[r * per + i];
                float q = (float) Math.rint(x / s[gi]) + z[gi];
                if ((q - z[gi]) * s[gi] != x || q < d.qmin() || q > d.qmax()) {
                    return null;
                }
                c[r * per + i] = (int) q;
            }
        }
        boolean signed = min(c) >= -128 && max(c) <= 127 && within(z, -128, 127);
        boolean unsigned = min(c) >= 0 && max(c) <= 255 && within(z, 0, 255);
        return signed || unsigned ? c : null;
    }

    private static int min(int[] a) {
        int m = Integer.MAX_VALUE;
        for (int x : a) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static int max(int[] a) {
        int m = Integer.MIN_VALUE;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static int[] transpose(int[] a, int rows, int cols) {
        int[] t = new int[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
