package io.qvit.runtime;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.internal.CodeWeights;
import io.qvit.runtime.internal.FixedPoint;
import io.qvit.runtime.internal.IntegerVitGraph;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The float simulation of the {@link IntegerModel}, as I-ViT's own training graph simulates its
 * integer model (authors' {@code QuantLinear} runs {@code F.linear} on integer-valued float tensors
 * {@code x_int}, {@code w_int}, {@code b_int}, then {@code fixedpoint_mul}; {@code IntSoftmax},
 * {@code IntGELU}, {@code IntLayerNorm}): the float ViT/DeiT's own forward pass, on a <em>code
 * model</em>, with an {@link ActivationHook} that keeps every activation in the integer domain.
 *
 * <p>The code model ({@link #codeModel()}) is the float model with its linear weights replaced by
 * the integer path's int8 weight codes and its biases by the integer path's int32 biases (the same
 * {@code IntLinear} computation), the class/distillation token and position table set to 0 (the
 * hook adds them in integer form, as the integer graph does), and the head(s) given weight codes
 * times {@code s_w[c]·s_x} and the bias at that scale (the integer path's final rescaling of the
 * logits). The hook returns integer codes (integer-valued floats, scale 1) at every site, so each
 * float matrix product computes the exact integer accumulator: float32 is exact while every partial
 * sum stays below 2^24 (DeiT-T: |acc| ≤ 127·127·768 for fc2, 127²·64 for {@code q·kᵀ}, 2^15·127
 * for {@code probs·v}, whose 16-bit probabilities sum to at most 2^15 per row). Then:
 *
 * <ul>
 *   <li>after a matrix product the accumulator is read back as {@code rint(x)} (for {@code q·kᵀ}
 *       the runtime has multiplied by {@code dh^-0.5}, so {@code rint(x / dh^-0.5)}: exact for a
 *       power-of-two {@code dh} and, for others, within far less than half a unit for these
 *       magnitudes) and requantized with the integer path's {@link Dyadic} factor, rounded half to
 *       even and clamped, as {@code fixedpoint_mul};</li>
 *   <li>residual adds: the branch accumulator is {@code x} minus the stream codes, and both are
 *       requantized to the sum's grid and added as integers, clamped to the stream's bits (16);
 *       the first stream adds the integer position table and class token likewise;</li>
 *   <li>the float graph's LayerNorm, softmax and GELU outputs are replaced at the consuming site by
 *       the kernel's I-LayerNorm, Shiftmax and ShiftGELU codes.</li>
 * </ul>
 *
 * <p>It never calls the integer graph, yet computes the same integers: on the micro models every
 * probed integer equals the integer path's. The logits differ only by float32 rounding of the
 * head's scaled product. Needs the same per-tensor symmetric sites as {@link IntegerModel}. Not
 * thread-safe: one forward pass at a time.
 */
public final class IntegerSimulation implements ActivationHook {
    private final SiteFactors sites;
    private final IntegerKernel kernel;
    private final CompiledModel model;
    private final CompiledModel codeModel;
    private final ModelConfig config;
    private final int dim;
    private final int headDim;
    private final int prefix;
    private final int patches;
    private final int sigmoidBits;
    private final float attentionScale;
    private final int[] posCodes;
    private final int[][] prefixCodes;
    private final long accumulatorBound;
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
        Map<QuantSite, QuantParams> fitted = Map.copyOf(params);
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.sites = new SiteFactors(fitted, kernel);
        this.config = model.config();
        if (config.family() == ArchitectureFamily.SWIN) {
            throw new UnsupportedOperationException(config.architecture() + ": the integer simulation covers ViT/DeiT");
        }
        this.dim = config.embedDim();
        this.headDim = dim / config.numHeads();
        this.patches = config.gridSize() * config.gridSize();
        this.prefix = config.family() == ArchitectureFamily.DEIT_DISTILLED ? 2 : 1;
        this.sigmoidBits = IntegerModel.GELU_SIGMOID_BITS;
        this.attentionScale = (float) Math.pow(headDim, -0.5); // as the runtime's attention applies it
        for (QuantSite s : model.activationSites()) {
            sites.scale(s);
        }
        VisionModel m = model.model();
        CodeWeights codeWeights = new CodeWeights(m, IntegerModel.scales(fitted));
        this.accumulatorBound = codeWeights.accumulatorBound();
        double s0 = sites.scale(new QuantSite("blocks.0", SiteRole.NORM_INPUT));
        int b0 = sites.bits(new QuantSite("blocks.0", SiteRole.NORM_INPUT));
        float[] pos = m.weight("pos_embed").data();
        this.posCodes = IntegerVitGraph.positionCodes(pos, s0);
        this.prefixCodes = IntegerVitGraph.prefixCodes(m.weight("cls_token").data(),
                prefix == 2 ? m.weight("dist_token").data() : null, pos, s0, b0);
        this.codeModel = model.withWeights(codeWeights.codes());
    }

    /**
     * The largest worst-case |partial sum| of the code model's linear layers (from the weight codes,
     * the int32 biases and the input grids' largest integers, plus a 16-bit residual stream): below
     * 2^24 the simulation's float32 matrix products are exact for any input. The attention
     * products are bounded separately ({@code 2^(bits_q-1)·2^(bits_k-1)·dh} and
     * {@code 2^(bits_probs-1)·2^(bits_v-1)}, the probabilities of a row summing to at most
     * {@code 2^(bits_probs-1)}).
     */
    public long accumulatorBound() {
        return accumulatorBound;
    }

    /**
     * The code model: the float model with integer weight codes and biases, whose forward pass
     * with this hook is the simulation.
     */
    public CompiledModel codeModel() {
        return codeModel;
    }

    /** The simulated logits {@code [B, classes]}: {@code codeModel().forward(images, this)}. */
    public Tensor forward(Tensor images) {
        return codeModel.forward(images, this);
    }

    @Override
    public Tensor apply(QuantSite site, Tensor x) {
        String scope = site.scope();
        return switch (site.role()) {
            case PATCH_EMBED_INPUT -> {
                double s = sites.scale(site);
                int b = sites.bits(site);
                float[] d = x.data();
                int[] out = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    out[i] = FixedPoint.clamp((long) Math.rint(d[i] / s), b);
                }
                yield codes(out, x);
            }
            case NORM_INPUT -> streamSite(site, x);
            case RESIDUAL -> streamSite(site, x);
            case QKV_INPUT, FC1_INPUT, HEAD_INPUT, FC2_INPUT, ATTN_PROBS -> replace(site, x);
            case ATTN_Q, ATTN_K, ATTN_V -> {
                int offset = site.role() == SiteRole.ATTN_Q ? 0 : site.role() == SiteRole.ATTN_K ? dim : 2 * dim;
                QuantSite in = new QuantSite(scope, SiteRole.QKV_INPUT);
                double[] acc = sites.accScales(new QuantSite(scope, SiteRole.QKV_WEIGHT), in, 3 * dim);
                Dyadic[] f = sites.dyadics(scope + ".qkv", () -> {
                    double[] r = new double[3 * dim];
                    double q = sites.scale(new QuantSite(scope, SiteRole.ATTN_Q));
                    double k = sites.scale(new QuantSite(scope, SiteRole.ATTN_K));
                    double v = sites.scale(new QuantSite(scope, SiteRole.ATTN_V));
                    for (int ch = 0; ch < 3 * dim; ch++) {
                        r[ch] = acc[ch] / (ch < dim ? q : ch < 2 * dim ? k : v);
                    }
                    return r;
                });
                // [B, H, T, dh]: channel offset + h*dh + d; x is the exact accumulator.
                int[] sh = x.shape();
                int heads = sh[1];
                int tokens = sh[2];
                float[] d = x.data();
                int[] out = new int[d.length];
                for (int i = 0; i < d.length; i++) {
                    int c = offset + ((i / (tokens * headDim)) % heads) * headDim + i % headDim;
                    out[i] = FixedPoint.clamp(FixedPoint.rescale((long) Math.rint(d[i]), f[c]), 8);
                }
                yield codes(out, x);
            }
            case SOFTMAX_INPUT -> {
                double sq = sites.scale(new QuantSite(scope, SiteRole.ATTN_Q));
                double sk = sites.scale(new QuantSite(scope, SiteRole.ATTN_K));
                double s = sites.scale(site);
                double accScale = sq * sk * Math.pow(headDim, -0.5);
                Dyadic f = sites.dyadics(scope + ".logits", () -> new double[] {accScale / s})[0];
                // x = acc · (float) dh^-0.5, as the runtime computes it.
                int[] ints = requantize(x, attentionScale, f, sites.bits(site));
                int probBits = sites.bits(new QuantSite(scope, SiteRole.ATTN_PROBS));
                int last = x.dim(x.shape().length - 1);
                pending.put(new QuantSite(scope, SiteRole.ATTN_PROBS),
                        kernel.softmax(IntTensor.of(ints, s, ints.length / last, last), probBits).data());
                yield codes(ints, x);
            }
            case PROJ_INPUT -> {
                double sv = sites.scale(new QuantSite(scope, SiteRole.ATTN_V));
                double accScale = Math.scalb(sv, -(sites.bits(new QuantSite(scope, SiteRole.ATTN_PROBS)) - 1));
                double s = sites.scale(site);
                Dyadic f = sites.dyadics(scope + ".context", () -> new double[] {accScale / s})[0];
                yield codes(requantize(x, 1, f, sites.bits(site)), x);
            }
            case GELU_INPUT -> {
                QuantSite in = new QuantSite(scope, SiteRole.FC1_INPUT);
                int hidden = x.dim(x.shape().length - 1);
                double[] acc = sites.accScales(new QuantSite(scope, SiteRole.FC1_WEIGHT), in, hidden);
                double s = sites.scale(site);
                Dyadic[] f = sites.ratio(scope + ".fc1", acc, s);
                float[] d = x.data();
                int[] g = new int[d.length];
                int b = sites.bits(site);
                for (int i = 0; i < d.length; i++) {
                    g[i] = FixedPoint.clamp(FixedPoint.rescale((long) Math.rint(d[i]), f[i % hidden]), b);
                }
                QuantSite fc2 = new QuantSite(scope, SiteRole.FC2_INPUT);
                double s2 = sites.scale(fc2);
                Dyadic fg = sites.dyadics(scope + ".gelu", () -> new double[] {Math.scalb(s, -(sigmoidBits - 1)) / s2})[0];
                int[] y = kernel.gelu(IntTensor.of(g, s, g.length / hidden, hidden), sigmoidBits).data();
                int[] h = new int[y.length];
                int b2 = sites.bits(fc2);
                for (int i = 0; i < y.length; i++) {
                    h[i] = FixedPoint.clamp(FixedPoint.rescale(y[i], fg), b2);
                }
                pending.put(fc2, h);
                yield codes(g, x);
            }
            default -> throw new IllegalArgumentException("integer simulation: unexpected site " + site);
        };
    }

    /**
     * A residual-stream site: {@code x} = stream codes + branch accumulator (or the patch
     * accumulators, the code model's position table and tokens being 0, at the first block);
     * computes the integer stream, then I-LayerNorm into the consuming site's grid.
     */
    private Tensor streamSite(QuantSite site, Tensor x) {
        String scope = site.scope();
        double s = sites.scale(site);
        int b = sites.bits(site);
        float[] d = x.data();
        int rows = d.length / dim;
        int tokens = prefix + patches;
        int[] ints = new int[d.length];
        if (site.role() == SiteRole.NORM_INPUT && scope.equals("blocks.0")) {
            QuantSite in = new QuantSite("", SiteRole.PATCH_EMBED_INPUT);
            double[] acc = sites.accScales(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT), in, dim);
            Dyadic[] f = sites.ratio("patch_embed", acc, s);
            for (int i = 0; i < d.length; i++) {
                int t = (i / dim) % tokens;
                int j = i % dim;
                if (t < prefix) {
                    ints[i] = prefixCodes[t][j];
                } else {
                    ints[i] = FixedPoint.clamp(FixedPoint.rescale((long) Math.rint(d[i]), f[j]) + posCodes[t * dim + j], b);
                }
            }
        } else {
            boolean afterAttention = site.role() == SiteRole.RESIDUAL;
            String branchScope = afterAttention ? scope : previousBlock(scope);
            QuantSite weight = new QuantSite(branchScope, afterAttention ? SiteRole.PROJ_WEIGHT : SiteRole.FC2_WEIGHT);
            QuantSite in = new QuantSite(branchScope, afterAttention ? SiteRole.PROJ_INPUT : SiteRole.FC2_INPUT);
            double[] acc = sites.accScales(weight, in, dim);
            Dyadic[] f = sites.ratio(site + ".branch", acc, s);
            Dyadic fs = kernel.dyadic(streamScale / s);
            for (int i = 0; i < d.length; i++) {
                long branch = (long) Math.rint((double) d[i] - stream[i]);
                ints[i] = FixedPoint.clamp(FixedPoint.rescale(branch, f[i % dim]) + FixedPoint.rescale(stream[i], fs), b);
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
        return codes(ints, x);
    }

    private String previousBlock(String scope) {
        if (scope.isEmpty()) {
            return "blocks." + (config.depth() - 1);
        }
        return "blocks." + (Integer.parseInt(scope.substring("blocks.".length())) - 1);
    }

    private int[] layerNorm(IntTensor x, String norm, QuantSite target) {
        return kernel.layerNorm(x, SiteFactors.doubles(model.model().weight(norm + ".weight").data()),
                SiteFactors.doubles(model.model().weight(norm + ".bias").data()), sites.scale(target),
                sites.bits(target)).data();
    }

    /** The integers {@code FixedPoint.clamp(FixedPoint.rescale(rint(x / factor)))} of a per-tensor requantization. */
    private static int[] requantize(Tensor x, double factor, Dyadic f, int bits) {
        float[] d = x.data();
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            r[i] = FixedPoint.clamp(FixedPoint.rescale((long) Math.rint(d[i] / factor), f), bits);
        }
        return r;
    }

    private Tensor replace(QuantSite site, Tensor x) {
        int[] v = pending.remove(site);
        if (v == null || v.length != x.size()) {
            throw new IllegalStateException("integer simulation: no matching input before " + site);
        }
        return codes(v, x);
    }

    /** Integer codes as integer-valued floats (scale 1). */
    private static Tensor codes(int[] v, Tensor like) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return Tensor.of(r, like.shape());
    }

}
