package io.qvit.runtime;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The float simulation of the {@link IntegerModel}, as I-ViT's own training graph simulates its
 * integer model (authors' {@code QuantAct}/{@code fixedpoint_mul}, {@code IntSoftmax},
 * {@code IntGELU}, {@code IntLayerNorm} on integer-valued float tensors): an
 * {@link ActivationHook} on the float ViT/DeiT (fake-quantized weights) that replaces, at every
 * site, the float value by what the integer graph computes there, from the float graph's own
 * matrix products:
 *
 * <ul>
 *   <li>after a matrix product (patch embedding, qkv, {@code q·kᵀ}, {@code probs·v}, proj, fc1,
 *       fc2) the float result is read back as its integer accumulator
 *       {@code acc = rint(x / s_acc)} ({@code s_acc = s_w[c]·s_x}; this also rounds the bias to the
 *       integer path's int32 bias) and requantized with the integer path's {@link Dyadic} factor,
 *       rounded half to even and clamped, as {@code fixedpoint_mul};</li>
 *   <li>residual adds: the branch ({@code x} minus the known quantized stream) and the stream are
 *       requantized to the sum's grid separately and added as integers, clamped to the stream's
 *       bits (16); the patch embedding and the position table likewise;</li>
 *   <li>LayerNorm, softmax and GELU: the kernel's I-LayerNorm, Shiftmax and ShiftGELU on those
 *       integers.</li>
 * </ul>
 *
 * <p>It never calls the integer graph: its matrix products are the float model's, so it differs
 * from the integer path only where float32 accumulation misses the exact integer accumulator by
 * half a unit (large accumulators) — then one element is off by one unit at that site. Needs the
 * same per-tensor symmetric sites as {@link IntegerModel}. Not thread-safe: one forward pass at a
 * time.
 */
public final class IntegerSimulation implements ActivationHook {
    private final Map<QuantSite, QuantParams> params;
    private final IntegerKernel kernel;
    private final CompiledModel model;
    private final ModelConfig config;
    private final int dim;
    private final int headDim;
    private final int prefix;
    private final int patches;
    private final int sigmoidBits;
    private final Map<String, Dyadic[]> factors = new HashMap<>();
    private final Map<String, double[]> accScales = new HashMap<>();
    private int[] stream;
    private double streamScale;
    private final Map<QuantSite, int[]> pending = new HashMap<>();

    /**
     * A simulation of {@code model} (float weights, the fake-quantized ones the integer path is
     * converted from) with the fitted {@code params} and {@code kernel} (with its options).
     *
     * @throws IllegalArgumentException naming a site that is missing or not per tensor
     * @throws UnsupportedOperationException for architectures the integer path does not cover
     */
    public IntegerSimulation(CompiledModel model, Map<QuantSite, QuantParams> params, IntegerKernel kernel) {
        this.model = Objects.requireNonNull(model, "model");
        this.params = Map.copyOf(params);
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.config = model.config();
        if (config.family() == ArchitectureFamily.SWIN) {
            throw new UnsupportedOperationException(config.architecture() + ": the integer simulation covers ViT/DeiT");
        }
        this.dim = config.embedDim();
        this.headDim = dim / config.numHeads();
        this.patches = config.gridSize() * config.gridSize();
        this.prefix = config.family() == ArchitectureFamily.DEIT_DISTILLED ? 2 : 1;
        this.sigmoidBits = IntegerModel.GELU_SIGMOID_BITS;
        for (QuantSite s : model.activationSites()) {
            scale(s);
        }
    }

    private double scale(QuantSite site) {
        QuantParams p = params.get(site);
        if (p == null || p.scale().size() != 1) {
            throw new IllegalArgumentException("integer simulation: site " + site
                    + " needs a per-tensor quantizer (enable it in the experiment)");
        }
        return p.scale().data()[0];
    }

    private int bits(QuantSite site) {
        return params.get(site).bits();
    }

    /** {@code s_w[c]·s_x} of the layer whose weight site is {@code weight}, as the integer path derives it. */
    private double[] accScales(QuantSite weight, QuantSite input, int channels) {
        return accScales.computeIfAbsent(weight + "|" + input, k -> {
            float[] w = params.get(weight).scale().data();
            double in = scale(input);
            double[] r = new double[channels];
            for (int c = 0; c < channels; c++) {
                double s = w.length == 1 ? w[0] : w[c];
                r[c] = s * in;
            }
            return r;
        });
    }

    /** Dyadic factors {@code real[c]}, converted once per key. */
    private Dyadic[] dyadics(String key, java.util.function.Supplier<double[]> real) {
        return factors.computeIfAbsent(key, k -> {
            double[] r = real.get();
            Dyadic[] d = new Dyadic[r.length];
            for (int i = 0; i < r.length; i++) {
                d[i] = kernel.dyadic(r[i]);
            }
            return d;
        });
    }

    private Dyadic[] ratio(String key, double[] acc, double out) {
        return dyadics(key, () -> {
            double[] r = new double[acc.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = acc[i] / out;
            }
            return r;
        });
    }

    @Override
    public Tensor apply(QuantSite site, Tensor x) {
        String scope = site.scope();
        return switch (site.role()) {
            case PATCH_EMBED_INPUT -> {
                double s = scale(site);
                int b = bits(site);
                float[] d = x.data();
                float[] out = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    out[i] = (float) (clamp((long) Math.rint(d[i] / s), b) * s);
                }
                yield Tensor.of(out, x.shape());
            }
            case NORM_INPUT -> streamSite(site, x);
            case RESIDUAL -> streamSite(site, x);
            case QKV_INPUT, FC1_INPUT, HEAD_INPUT -> replace(site, x, scale(site));
            case ATTN_Q, ATTN_K, ATTN_V -> {
                int offset = site.role() == SiteRole.ATTN_Q ? 0 : site.role() == SiteRole.ATTN_K ? dim : 2 * dim;
                QuantSite in = new QuantSite(scope, SiteRole.QKV_INPUT);
                double[] acc = accScales(new QuantSite(scope, SiteRole.QKV_WEIGHT), in, 3 * dim);
                Dyadic[] f = dyadics(scope + ".qkv", () -> {
                    double[] r = new double[3 * dim];
                    double q = scale(new QuantSite(scope, SiteRole.ATTN_Q));
                    double k = scale(new QuantSite(scope, SiteRole.ATTN_K));
                    double v = scale(new QuantSite(scope, SiteRole.ATTN_V));
                    for (int ch = 0; ch < 3 * dim; ch++) {
                        r[ch] = acc[ch] / (ch < dim ? q : ch < 2 * dim ? k : v);
                    }
                    return r;
                });
                // [B, H, T, dh]: channel offset + h*dh + d.
                int[] sh = x.shape();
                int heads = sh[1];
                int tokens = sh[2];
                float[] d = x.data();
                float[] out = new float[d.length];
                double s = scale(site);
                for (int i = 0; i < d.length; i++) {
                    int c = offset + ((i / (tokens * headDim)) % heads) * headDim + i % headDim;
                    long a = (long) Math.rint(d[i] / acc[c]);
                    out[i] = (float) (clamp(fixedpoint(a, f[c]), 8) * s);
                }
                yield Tensor.of(out, sh);
            }
            case SOFTMAX_INPUT -> {
                double sq = scale(new QuantSite(scope, SiteRole.ATTN_Q));
                double sk = scale(new QuantSite(scope, SiteRole.ATTN_K));
                double s = scale(site);
                double accScale = sq * sk * Math.pow(headDim, -0.5);
                Dyadic f = dyadics(scope + ".logits", () -> new double[] {accScale / s})[0];
                int[] ints = requantize(x, accScale, f, bits(site));
                int probBits = bits(new QuantSite(scope, SiteRole.ATTN_PROBS));
                int last = x.dim(x.shape().length - 1);
                pending.put(new QuantSite(scope, SiteRole.ATTN_PROBS),
                        kernel.softmax(IntTensor.of(ints, s, ints.length / last, last), probBits).data());
                yield real(ints, s, x);
            }
            case ATTN_PROBS -> replace(site, x, Math.scalb(1.0, -(bits(site) - 1)));
            case PROJ_INPUT -> {
                double sv = scale(new QuantSite(scope, SiteRole.ATTN_V));
                double accScale = Math.scalb(sv, -(bits(new QuantSite(scope, SiteRole.ATTN_PROBS)) - 1));
                double s = scale(site);
                Dyadic f = dyadics(scope + ".context", () -> new double[] {accScale / s})[0];
                yield real(requantize(x, accScale, f, bits(site)), s, x);
            }
            case GELU_INPUT -> {
                QuantSite in = new QuantSite(scope, SiteRole.FC1_INPUT);
                int hidden = x.dim(x.shape().length - 1);
                double[] acc = accScales(new QuantSite(scope, SiteRole.FC1_WEIGHT), in, hidden);
                double s = scale(site);
                Dyadic[] f = ratio(scope + ".fc1", acc, s);
                float[] d = x.data();
                int[] g = new int[d.length];
                int b = bits(site);
                for (int i = 0; i < d.length; i++) {
                    int c = i % hidden;
                    g[i] = clamp(fixedpoint((long) Math.rint(d[i] / acc[c]), f[c]), b);
                }
                QuantSite fc2 = new QuantSite(scope, SiteRole.FC2_INPUT);
                double s2 = scale(fc2);
                Dyadic fg = dyadics(scope + ".gelu", () -> new double[] {Math.scalb(s, -(sigmoidBits - 1)) / s2})[0];
                int[] y = kernel.gelu(IntTensor.of(g, s, g.length / hidden, hidden), sigmoidBits).data();
                int[] h = new int[y.length];
                int b2 = bits(fc2);
                for (int i = 0; i < y.length; i++) {
                    h[i] = clamp(fixedpoint(y[i], fg), b2);
                }
                pending.put(fc2, h);
                yield real(g, s, x);
            }
            case FC2_INPUT -> replace(site, x, scale(site));
            default -> throw new IllegalArgumentException("integer simulation: unexpected site " + site);
        };
    }

    /**
     * A residual-stream site: {@code x} = stream + branch (or patches + positions at the first
     * block); computes the integer stream, then I-LayerNorm into the consuming site's grid.
     */
    private Tensor streamSite(QuantSite site, Tensor x) {
        String scope = site.scope();
        double s = scale(site);
        int b = bits(site);
        float[] d = x.data();
        int rows = d.length / dim;
        int tokens = prefix + patches;
        int[] ints = new int[d.length];
        if (site.role() == SiteRole.NORM_INPUT && scope.equals("blocks.0")) {
            float[] pos = model.model().weight("pos_embed").data();
            QuantSite in = new QuantSite("", SiteRole.PATCH_EMBED_INPUT);
            double[] acc = accScales(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT), in, dim);
            Dyadic[] f = ratio("patch_embed", acc, s);
            for (int i = 0; i < d.length; i++) {
                int t = (i / dim) % tokens;
                int j = i % dim;
                int p = t * dim + j;
                if (t < prefix) {
                    ints[i] = clamp((long) Math.rint(d[i] / s), b); // cls (dist) token + position, one rounding
                } else {
                    long patch = (long) Math.rint(((double) d[i] - pos[p]) / acc[j]);
                    ints[i] = clamp(fixedpoint(patch, f[j]) + (long) Math.rint(pos[p] / s), b);
                }
            }
        } else {
            boolean afterAttention = site.role() == SiteRole.RESIDUAL;
            String branchScope = afterAttention ? scope : previousBlock(scope);
            QuantSite weight = new QuantSite(branchScope, afterAttention ? SiteRole.PROJ_WEIGHT : SiteRole.FC2_WEIGHT);
            QuantSite in = new QuantSite(branchScope, afterAttention ? SiteRole.PROJ_INPUT : SiteRole.FC2_INPUT);
            double[] acc = accScales(weight, in, dim);
            Dyadic[] f = ratio(site + ".branch", acc, s);
            Dyadic fs = kernel.dyadic(streamScale / s);
            for (int i = 0; i < d.length; i++) {
                int j = i % dim;
                double branch = (double) d[i] - (float) (stream[i] * streamScale);
                long a = (long) Math.rint(branch / acc[j]);
                ints[i] = clamp(fixedpoint(a, f[j]) + fixedpoint(stream[i], fs), b);
            }
        }
        stream = ints;
        streamScale = s;
        if (!scope.isEmpty()) {
            boolean first = site.role() == SiteRole.NORM_INPUT;
            QuantSite target = new QuantSite(scope, first ? SiteRole.QKV_INPUT : SiteRole.FC1_INPUT);
            pending.put(target, layerNorm(IntTensor.of(ints, s, rows, dim), scope + (first ? ".norm1" : ".norm2"),
                    target));
        } else {
            int batch = rows / tokens;
            boolean distilled = prefix == 2;
            for (int t = 0; t < (distilled ? 2 : 1); t++) {
                int[] tok = new int[batch * dim];
                for (int bb = 0; bb < batch; bb++) {
                    System.arraycopy(ints, (bb * tokens + t) * dim, tok, bb * dim, dim);
                }
                QuantSite target = new QuantSite(t == 0 ? "" : "head_dist", SiteRole.HEAD_INPUT);
                pending.put(target, layerNorm(IntTensor.of(tok, s, batch, dim), "norm", target));
            }
        }
        float[] out = new float[d.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (ints[i] * s);
        }
        return Tensor.of(out, x.shape());
    }

    private String previousBlock(String scope) {
        if (scope.isEmpty()) {
            return "blocks." + (config.depth() - 1);
        }
        return "blocks." + (Integer.parseInt(scope.substring("blocks.".length())) - 1);
    }

    private int[] layerNorm(IntTensor x, String norm, QuantSite target) {
        return kernel.layerNorm(x, doubles(model.model().weight(norm + ".weight").data()),
                doubles(model.model().weight(norm + ".bias").data()), scale(target), bits(target)).data();
    }

    /** The integers {@code clamp(fixedpoint(rint(x / accScale)))} of a per-tensor requantization. */
    private static int[] requantize(Tensor x, double accScale, Dyadic f, int bits) {
        float[] d = x.data();
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = clamp(fixedpoint((long) Math.rint(d[i] / accScale), f), bits);
        }
        return r;
    }

    private Tensor replace(QuantSite site, Tensor x, double scale) {
        int[] v = pending.remove(site);
        if (v == null || v.length != x.size()) {
            throw new IllegalStateException("integer simulation: no matching input before " + site);
        }
        return real(v, scale, x);
    }

    private static Tensor real(int[] v, double scale, Tensor like) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) (v[i] * scale);
        }
        return Tensor.of(r, like.shape());
    }

    /** {@code round(a · m / 2^e)}, half to even, as the integer path's requantization. */
    static long fixedpoint(long a, Dyadic f) {
        long v = a * f.multiplier();
        int shift = f.shift();
        if (shift == 0) {
            return v;
        }
        long q = v >> shift;
        long rem = v - (q << shift);
        long half = 1L << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    private static int clamp(long v, int bits) {
        long hi = (1L << (bits - 1)) - 1;
        long lo = -(1L << (bits - 1));
        return (int) Math.max(lo, Math.min(hi, v));
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
