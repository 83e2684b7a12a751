package io.qvit.plugins.dopq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TanQ quantizer at one site, per tensor or per head ({@code [B, H, T, T]}, axis 1): one
 * {@link TanGrid} per group.
 *
 * <p><b>Fitting.</b> {@link #fit()}: the scale (option {@code scale}, or the group's maximum),
 * then the candidate angles ({@link TanOptions#candidates()}) with the smallest squared error on
 * the kept values (every k-th value of each observed tensor, at most {@code max_values} per group
 * and tensor); the first wins on ties. {@link #fit(LayerView)} (called by the engine for the
 * {@code probs·v} matmul after {@code fit()}): the candidates again, now ranked by the error of
 * the attention output ({@link TanLayerSearch}) against the other operand's quantized values.
 *
 * <p><b>Parameters.</b> {@code scale}: s per group; {@code zeroPoint}: 0; {@code extra}:
 * {@code angle_zero}, {@code angle_one} (per group), {@code table_bits}, {@code objective}
 * ({@code mse} or {@code layer}), {@code levels} (the table per group), {@code init}.
 *
 * <p><b>Threads.</b> {@code observe} and the fits from one calibration thread; afterwards the
 * quantizer is immutable and thread-safe.
 */
final class TanTensorQuantizer implements TensorQuantizer, LayerFitted {
    private final QuantSite site;
    private final QuantizerConfig config;
    private final TanOptions options;
    private final int groups;
    private final List<List<float[]>> kept = new ArrayList<>();
    private final float[] max;

    private volatile boolean fitted;
    private TanGrid[] grids;
    private String objective;
    private QuantParams params;

    TanTensorQuantizer(QuantSite site, QuantizerConfig config, TanOptions options) {
        this.site = site;
        this.config = config;
        this.options = options;
        this.groups = config.granularity() == Granularity.PER_HEAD ? config.heads() : 1;
        this.max = new float[groups];
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int g = 0; g < groups; g++) {
            kept.add(new ArrayList<>());
        }
    }

    @Override
    public CalibrationParadigm paradigm() {
        return options.paradigm();
    }

    @Override
    public void observe(Tensor tensor) {
        int inner = inner(tensor);
        float[] x = tensor.data();
        int perGroup = x.length / groups;
        int stride = Math.max(1, (perGroup + options.maxValues() - 1) / options.maxValues());
        for (int g = 0; g < groups; g++) {
            float[] keep = new float[(perGroup + stride - 1) / stride];
            int n = 0;
            int seen = 0;
            float m = max[g];
            for (int block = g * inner; block < x.length; block += inner * groups) {
                for (int i = block; i < block + inner; i++) {
                    float v = x[i];
                    if (v > m) {
                        m = v;
                    }
                    if (seen++ % stride == 0) {
                        keep[n++] = v;
                    }
                }
            }
            max[g] = m;
            kept.get(g).add(Arrays.copyOf(keep, n));
        }
    }

    /** Values per contiguous group block: the whole tensor (per tensor) or one head's map. */
    private int inner(Tensor tensor) {
        if (groups == 1) {
            return tensor.size();
        }
        if (tensor.rank() != 4 || tensor.dim(1) != groups) {
            throw new IllegalArgumentException("site " + site.id() + ": per-head tanq needs [B, " + groups
                    + ", T, d], got " + Arrays.toString(tensor.shape()));
        }
        return tensor.dim(2) * tensor.dim(3);
    }

    @Override
    public void fit() {
        TanGrid[] out = new TanGrid[groups];
        for (int g = 0; g < groups; g++) {
            List<TanGrid> candidates = candidates(scale(g));
            double[] err = new double[candidates.size()];
            for (int c = 0; c < err.length; c++) {
                TanGrid grid = candidates.get(c);
                double e = 0;
                for (float[] values : kept.get(g)) {
                    for (float v : values) {
                        double d = v - grid.fakeQuantize(v);
                        e += d * d;
                    }
                }
                err[c] = e;
            }
            out[g] = candidates.get(TanLayerSearch.argmin(err));
        }
        kept.clear();
        publish(out, "mse");
    }

    private float scale(int g) {
        if (!Double.isNaN(options.scale())) {
            return (float) options.scale();
        }
        float m = max[g];
        return m > 0 && Float.isFinite(m) ? m : m == Float.POSITIVE_INFINITY ? Float.MAX_VALUE : 1f;
    }

    private List<TanGrid> candidates(float scale) {
        List<TanGrid> out = new ArrayList<>();
        for (double[] ae : options.candidates()) {
            out.add(new TanGrid(config.bits(), ae[0], ae[1], scale, options.tableBits()));
        }
        return out;
    }

    @Override
    public void fit(LayerView layer) {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": fit(LayerView) before fit()");
        }
        Tensor p = layer.left();
        Tensor v = layer.right();
        if (!options.layerObjective() || !layer.site().equals(layer.leftSite()) || layer.rightTransposed()
                || p.rank() != 4 || v.rank() != 4 || p.dim(2) != p.dim(3) || v.dim(2) != p.dim(3)
                || v.dim(0) != p.dim(0) || v.dim(1) != p.dim(1) || (groups > 1 && p.dim(1) != groups)) {
            return;
        }
        Tensor vq = layer.quantizer(layer.rightSite()).filter(TensorQuantizer::fitted).map(q -> q.quantize(v)).orElse(v);
        TanGrid[] out = new TanGrid[groups];
        for (int g = 0; g < groups; g++) {
            int[] heads = groups == 1 ? allHeads(p.dim(1)) : new int[] {g};
            List<TanGrid> candidates = candidates(grids[g].scale());
            double[] err = TanLayerSearch.errors(p, v, vq, heads, options.rows(), candidates);
            out[g] = candidates.get(TanLayerSearch.argmin(err));
        }
        publish(out, "layer");
    }

    private static int[] allHeads(int h) {
        int[] out = new int[h];
        for (int i = 0; i < h; i++) {
            out[i] = i;
        }
        return out;
    }

    private void publish(TanGrid[] out, String how) {
        float[] s = new float[groups];
        List<Double> zero = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<List<Float>> levels = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            s[g] = out[g].scale();
            zero.add(out[g].a());
            one.add(out[g].e());
            List<Float> l = new ArrayList<>();
            for (float x : out[g].levels()) {
                l.add(x);
            }
            levels.add(l);
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("init", TanOptions.INIT);
        extra.put("objective", how);
        extra.put("angle_zero", zero);
        extra.put("angle_one", one);
        extra.put("table_bits", options.tableBits());
        extra.put("levels", levels);
        grids = out;
        objective = how;
        params = new QuantParams(config.bits(), config.granularity(), Tensor.of(s, groups), Tensor.zeros(groups), extra);
        fitted = true;
    }

    @Override
    public boolean fitted() {
        return fitted;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        requireFitted();
        int inner = inner(tensor);
        float[] x = tensor.data();
        float[] y = new float[x.length];
        for (int block = 0, g = 0; block < x.length; block += inner, g = (g + 1) % groups) {
            TanGrid grid = grids[g];
            for (int i = block; i < block + inner; i++) {
                y[i] = grid.fakeQuantize(x[i]);
            }
        }
        return Tensor.of(y, tensor.shape());
    }

    /** The codes of {@code tensor} (indices into {@link #table}), same layout. */
    int[] codes(Tensor tensor) {
        requireFitted();
        int inner = inner(tensor);
        float[] x = tensor.data();
        int[] out = new int[x.length];
        for (int block = 0, g = 0; block < x.length; block += inner, g = (g + 1) % groups) {
            TanGrid grid = grids[g];
            for (int i = block; i < block + inner; i++) {
                out[i] = grid.code(x[i]);
            }
        }
        return out;
    }

    /** The {@code 2^b}-entry dequantization table of group {@code g}. */
    float[] table(int g) {
        requireFitted();
        return grids[g].levels();
    }

    /** {@code mse} or {@code layer}: which objective chose the angles. */
    String objective() {
        return objective;
    }

    private void requireFitted() {
        if (!fitted) {
            throw new IllegalStateException("site " + site.id() + ": tanq quantize before fit");
        }
    }

    @Override
    public QuantParams params() {
        requireFitted();
        return params;
    }

    @Override
    public String toString() {
        return "tanq[" + site.id() + ", " + config.bits() + " bit, " + groups + " group(s)]";
    }
}
