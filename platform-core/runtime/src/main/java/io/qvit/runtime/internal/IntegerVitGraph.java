package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A ViT/DeiT (class token, optional distillation token) running in integers from the quantized
 * patch embedding to the logits, after I-ViT (Li and Gu, ICCV 2023; authors' {@code vit_quant.py}).
 *
 * <p>Data flow, each arrow an integer operation (scales turned into {@link Dyadic} factors once,
 * here, by the {@link IntegerKernel}):
 * <pre>
 * image -round(x/s)-> int8 -im2col, IntGemm-> int32 (s_w[c]·s_x) -requantize, + pos_int-> int16 stream
 * block: stream -I-LayerNorm+affine-> int8 -qkv IntGemm-> int32 -requantize per channel-> q, k, v int8
 *        q·kᵀ int32 -requantize (·d^-1/2)-> int8 -Shiftmax-> int16 (2^-15) -·v-> int32 -requantize-> int8
 *        -proj IntGemm-> int32 -requantize-> + stream (both to the residual scale) -> int16
 *        -I-LayerNorm-> int8 -fc1-> int32 -requantize-> int8..16 (gelu.input) -ShiftGELU-> int -requantize-> int8
 *        -fc2-> int32 -requantize-> + stream -> int16
 * final: I-LayerNorm of the class (and distillation) token -> int8 -head IntGemm-> int32 -> logits = acc·s_w[c]·s_x
 * </pre>
 * The scales are those of the calibrated sites ({@code patch_embed.input}, {@code norm.input},
 * {@code qkv.input}, {@code attn.q/k/v}, {@code softmax.input}, {@code attn.probs} (its bits only:
 * Shiftmax's output scale is {@code 2^-(bits-1)}), {@code proj.input}, {@code residual},
 * {@code fc1.input}, {@code gelu.input}, {@code fc2.input}, {@code head.input}, the weights), so the
 * fake-quantized float model with the same sites is its simulation. Unlike the authors' code the
 * branch outputs of proj and fc2 are not requantized to a separate 16-bit grid before the residual
 * add: both addends are requantized straight to the sum's scale (one rounding each), the same
 * quantization points as the float simulation.
 */
public final class IntegerVitGraph {
    /**
     * Bits of ShiftGELU's integer sigmoid. I-ViT uses 8 (with quantization-aware training); after
     * post-training quantization a 7-bit sigmoid is one more error source, so the integer path
     * keeps 16 (the product with an 8-bit input fits 23 bits).
     */
    public static final int GELU_SIGMOID_BITS = 16;

    private final ModelConfig config;
    private final IntegerKernel kernel;
    private final WorkerPool pool;
    private final int[][] tiles;
    private final int dim;
    private final int tokens;
    private final int patches;
    private final int prefix;
    private final int heads;
    private final int headDim;
    private final int hidden;
    private final int inChannels;
    private final int patch;
    private final int image;
    private final boolean distilled;
    private final IntSiteScales.Activation input;
    private final IntLinear patchEmbed;
    private final Dyadic[] patchToStream;
    private final int streamBits;
    private final double streamScale;
    private final int[] posInt;
    private final int[][] prefixTokens;
    private final IntBlock[] blocks;
    private final double finalStreamScale;
    private final double[] normGamma;
    private final double[] normBeta;
    private final IntHead head;
    private final IntHead headDist;
    private final java.util.List<io.qvit.runtime.Requantization> requantizations = new java.util.ArrayList<>();

    /** One transformer block's integer constants. */
    private record IntBlock(String scope, double[] g1, double[] b1, IntSiteScales.Activation qkvIn, IntLinear qkv,
                            Dyadic[] qkvOut, IntSiteScales.Activation q, IntSiteScales.Activation k,
                            IntSiteScales.Activation v, Dyadic logits, IntSiteScales.Activation softmaxIn, int probBits,
                            Dyadic context, IntSiteScales.Activation projIn, IntLinear proj, Dyadic[] projOut,
                            double streamIn, IntSiteScales.Activation residual, double[] g2, double[] b2,
                            IntSiteScales.Activation fc1In, IntLinear fc1, Dyadic[] fc1Out,
                            IntSiteScales.Activation geluIn, Dyadic geluOut, IntSiteScales.Activation fc2In,
                            IntLinear fc2, Dyadic[] fc2Out, double streamOut, int streamOutBits) {
    }

    /** A classifier head: its input grid and integer layer; logits are {@code acc[c]·accScale[c]}. */
    private record IntHead(IntSiteScales.Activation in, IntLinear linear, double[] accScales) {
    }

    /**
     * Converts a (fake-quantized) float model.
     *
     * @throws IllegalArgumentException naming the site or layer that cannot be converted
     * @throws UnsupportedOperationException for architectures the integer path does not cover
     */
    public IntegerVitGraph(VisionModel model, IntSiteScales scales, IntegerKernel kernel, WorkerPool pool) {
        ModelConfig c = model.config();
        if (c.family() == ArchitectureFamily.SWIN || WeightSpec.isAvgPool(c)) {
            throw new UnsupportedOperationException(c.architecture()
                    + ": the integer path covers ViT/DeiT with a class token (not Swin, not average pooling)");
        }
        this.config = c;
        this.kernel = kernel;
        this.pool = pool;
        this.tiles = new int[pool.threads()][IntGemm.MR * PackedInt8.NR];
        this.dim = c.embedDim();
        this.prefix = WeightSpec.prefixTokens(c);
        this.patches = c.gridSize() * c.gridSize();
        this.tokens = patches + prefix;
        this.heads = c.numHeads();
        this.headDim = dim / heads;
        this.hidden = WeightSpec.hidden(c, dim);
        this.inChannels = c.inChannels();
        this.patch = c.patchSize();
        this.image = c.imageSize();
        this.distilled = c.family() == ArchitectureFamily.DEIT_DISTILLED;

        this.input = act(scales, new QuantSite("", SiteRole.PATCH_EMBED_INPUT), 8);
        IntSiteScales.Weight pw = scales.weight(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT));
        this.patchEmbed = new IntLinear(w(model, "patch_embed.proj.weight"), w(model, "patch_embed.proj.bias"),
                pw.scales(), pw.bits(), input.scale(), input.maxAbs(), dim, inChannels * patch * patch, "patch_embed");
        IntSiteScales.Activation stream0 = act(scales, new QuantSite("blocks.0", SiteRole.NORM_INPUT), 24);
        this.streamScale = stream0.scale();
        this.streamBits = stream0.bits();
        this.patchToStream = factors("patch_embed->blocks.0.norm.input", patchEmbed.accumulatorScales(), streamScale);
        float[] pos = w(model, "pos_embed");
        this.posInt = positionCodes(pos, streamScale);
        this.prefixTokens = prefixCodes(w(model, "cls_token"), distilled ? w(model, "dist_token") : null, pos,
                streamScale, streamBits);

        this.blocks = new IntBlock[c.depth()];
        double stream = streamScale;
        for (int i = 0; i < blocks.length; i++) {
            String next = i + 1 < blocks.length ? "blocks." + (i + 1) : "";
            blocks[i] = block(model, scales, "blocks." + i, stream, next);
            stream = blocks[i].streamOut();
        }
        this.finalStreamScale = stream;
        this.normGamma = d(w(model, "norm.weight"));
        this.normBeta = d(w(model, "norm.bias"));
        int classes = c.numClasses();
        if (classes <= 0) {
            throw new UnsupportedOperationException(c.architecture() + ": the integer path needs a classifier head");
        }
        this.head = head(model, scales, "", "head", classes);
        this.headDist = distilled ? head(model, scales, "head_dist", "head_dist", classes) : null;
    }

    private IntHead head(VisionModel model, IntSiteScales scales, String scope, String key, int classes) {
        IntSiteScales.Activation in = act(scales, new QuantSite(scope, SiteRole.HEAD_INPUT), 8);
        IntSiteScales.Weight hw = scales.weight(new QuantSite(scope, SiteRole.HEAD_WEIGHT));
        IntLinear l = new IntLinear(w(model, key + ".weight"), w(model, key + ".bias"), hw.scales(), hw.bits(),
                in.scale(), in.maxAbs(), classes, dim, key);
        return new IntHead(in, l, l.accumulatorScales());
    }

    private IntBlock block(VisionModel m, IntSiteScales scales, String scope, double streamIn, String nextScope) {
        String p = scope + ".";
        IntSiteScales.Activation qkvIn = act(scales, new QuantSite(scope, SiteRole.QKV_INPUT), 8);
        IntLinear qkv = linear(m, scales, scope, SiteRole.QKV_WEIGHT, p + "attn.qkv", qkvIn, 3 * dim, dim);
        IntSiteScales.Activation q = act(scales, new QuantSite(scope, SiteRole.ATTN_Q), 8);
        IntSiteScales.Activation k = act(scales, new QuantSite(scope, SiteRole.ATTN_K), 8);
        IntSiteScales.Activation v = act(scales, new QuantSite(scope, SiteRole.ATTN_V), 8);
        double[] acc = qkv.accumulatorScales();
        double[] qkvReal = new double[3 * dim];
        for (int ch = 0; ch < 3 * dim; ch++) {
            double out = ch < dim ? q.scale() : ch < 2 * dim ? k.scale() : v.scale();
            qkvReal[ch] = acc[ch] / out;
        }
        Dyadic[] qkvOut = record(scope + ".qkv->attn.q/k/v", qkvReal);
        IntSiteScales.Activation softmaxIn = act(scales, new QuantSite(scope, SiteRole.SOFTMAX_INPUT), 16);
        Dyadic logits = dyadic(scope + ".q·k->softmax.input", q.scale() * k.scale() * Math.pow(headDim, -0.5) / softmaxIn.scale());
        int probBits = act(scales, new QuantSite(scope, SiteRole.ATTN_PROBS), 16).bits();
        IntGemm.checkRange(scope + " attention probs·v", tokens, 1L << (probBits - 1), 0);
        IntSiteScales.Activation projIn = act(scales, new QuantSite(scope, SiteRole.PROJ_INPUT), 8);
        Dyadic context = dyadic(scope + ".probs·v->proj.input", Math.scalb(v.scale(), -(probBits - 1)) / projIn.scale());
        IntLinear proj = linear(m, scales, scope, SiteRole.PROJ_WEIGHT, p + "attn.proj", projIn, dim, dim);
        IntSiteScales.Activation residual = act(scales, new QuantSite(scope, SiteRole.RESIDUAL), 24);
        Dyadic[] projOut = factors(scope + ".proj->residual", proj.accumulatorScales(), residual.scale());
        IntSiteScales.Activation fc1In = act(scales, new QuantSite(scope, SiteRole.FC1_INPUT), 8);
        IntLinear fc1 = linear(m, scales, scope, SiteRole.FC1_WEIGHT, p + "mlp.fc1", fc1In, hidden, dim);
        IntSiteScales.Activation geluIn = act(scales, new QuantSite(scope, SiteRole.GELU_INPUT), 16);
        Dyadic[] fc1Out = factors(scope + ".fc1->gelu.input", fc1.accumulatorScales(), geluIn.scale());
        IntSiteScales.Activation fc2In = act(scales, new QuantSite(scope, SiteRole.FC2_INPUT), 8);
        Dyadic geluOut = dyadic(scope + ".gelu->fc2.input",
                Math.scalb(geluIn.scale(), -(GELU_SIGMOID_BITS - 1)) / fc2In.scale());
        IntLinear fc2 = linear(m, scales, scope, SiteRole.FC2_WEIGHT, p + "mlp.fc2", fc2In, dim, hidden);
        IntSiteScales.Activation next = act(scales, new QuantSite(nextScope, SiteRole.NORM_INPUT), 24);
        String nextSite = (nextScope.isEmpty() ? "" : nextScope + ".") + "norm.input";
        Dyadic[] fc2Out = factors(scope + ".fc2->" + nextSite, fc2.accumulatorScales(), next.scale());
        return new IntBlock(scope, d(w(m, p + "norm1.weight")), d(w(m, p + "norm1.bias")), qkvIn, qkv, qkvOut,
                q, k, v, logits, softmaxIn, probBits, context, projIn, proj, projOut, streamIn, residual,
                d(w(m, p + "norm2.weight")), d(w(m, p + "norm2.bias")), fc1In, fc1, fc1Out, geluIn, geluOut, fc2In,
                fc2, fc2Out, next.scale(), next.bits());
    }

    private static IntLinear linear(VisionModel m, IntSiteScales scales, String scope, SiteRole role, String key,
                                    IntSiteScales.Activation in, int out, int inDim) {
        IntSiteScales.Weight ws = scales.weight(new QuantSite(scope, role));
        String bias = key + ".bias";
        return new IntLinear(w(m, key + ".weight"), m.weights().containsKey(bias) ? w(m, bias) : null, ws.scales(),
                ws.bits(), in.scale(), in.maxAbs(), out, inDim, key);
    }

    private static IntSiteScales.Activation act(IntSiteScales scales, QuantSite site, int maxBits) {
        IntSiteScales.Activation a = scales.activation(site);
        if (a.bits() < 2 || a.bits() > maxBits) {
            throw new IllegalArgumentException("integer path: site " + site + " must have 2.." + maxBits
                    + " bits, has " + a.bits());
        }
        if (!(a.scale() > 0) || !Double.isFinite(a.scale())) {
            throw new IllegalArgumentException("integer path: site " + site + " has scale " + a.scale());
        }
        return a;
    }

    private Dyadic[] factors(String name, double[] accScales, double outScale) {
        double[] real = new double[accScales.length];
        for (int i = 0; i < real.length; i++) {
            real[i] = accScales[i] / outScale;
        }
        return record(name, real);
    }

    private Dyadic dyadic(String name, double factor) {
        return record(name, new double[] {factor})[0];
    }

    /** Converts real factors to dyadics once, remembering both for {@link #requantizations()}. */
    private Dyadic[] record(String name, double[] real) {
        Dyadic[] f = new Dyadic[real.length];
        java.util.List<Double> r = new java.util.ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            f[i] = kernel.dyadic(real[i]);
            r.add(real[i]);
        }
        requantizations.add(new io.qvit.runtime.Requantization(name, r, java.util.List.of(f)));
        return f;
    }

    /** Every requantization fixed at conversion, in execution order. */
    public java.util.List<io.qvit.runtime.Requantization> requantizations() {
        return java.util.List.copyOf(requantizations);
    }

    private static float[] w(VisionModel m, String key) {
        return m.weight(key).data();
    }

    private static double[] d(float[] f) {
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }

    /** The int32 position table {@code rint(pos / streamScale)} added to the patch tokens' stream. */
    public static int[] positionCodes(float[] pos, double streamScale) {
        int[] r = new int[pos.length];
        for (int i = 0; i < pos.length; i++) {
            r[i] = toInt(pos[i] / streamScale, "pos_embed");
        }
        return r;
    }

    /**
     * The class (and distillation) token rows of the integer stream,
     * {@code clamp(rint((token + pos) / streamScale))}, one rounding each.
     *
     * @param dist the distillation token, or null
     */
    public static int[][] prefixCodes(float[] cls, float[] dist, float[] pos, double streamScale, int streamBits) {
        int dim = cls.length;
        int[][] r = new int[dist == null ? 1 : 2][dim];
        for (int j = 0; j < dim; j++) {
            r[0][j] = FixedPoint.clamp(toInt((cls[j] + pos[j]) / streamScale, "cls_token"), streamBits);
            if (dist != null) {
                r[1][j] = FixedPoint.clamp(toInt((dist[j] + pos[dim + j]) / streamScale, "dist_token"), streamBits);
            }
        }
        return r;
    }

    private static int toInt(double v, String what) {
        double r = Math.rint(v);
        if (Math.abs(r) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " does not fit int32 at the stream scale: " + v);
        }
        return (int) r;
    }

    /** Integer multiply-adds of one image (all matrix products). */
    public long macsPerImage() {
        long m = patchEmbed.macs(patches);
        for (IntBlock b : blocks) {
            m += b.qkv().macs(tokens) + b.proj().macs(tokens) + b.fc1().macs(tokens) + b.fc2().macs(tokens);
            m += 2L * heads * tokens * tokens * headDim;
        }
        return m + head.linear().macs(1) * (headDist != null ? 2 : 1);
    }

    /** Bytes of the integer weights: int8 matrices and int32 biases, plus the int32 position table. */
    public long weightBytes() {
        long b = patchEmbed.weightBytes() + 4L * posInt.length + 4L * prefix * dim;
        for (IntBlock blk : blocks) {
            b += blk.qkv().weightBytes() + blk.proj().weightBytes() + blk.fc1().weightBytes() + blk.fc2().weightBytes();
            b += 4L * 8 * dim; // LayerNorm constants: multiplier, bias (long) per channel, both norms
        }
        b += head.linear().weightBytes() + (headDist != null ? headDist.linear().weightBytes() : 0);
        return b;
    }

    /** Receives the integer tensor at a site during a forward pass (tests, diagnostics). */
    @FunctionalInterface
    public interface Probe {
        /**
         * Called with the integers at {@code site} ({@code [B, T, D]}-shaped sites only) and the
         * real value of one unit; must not keep {@code data}.
         */
        void accept(QuantSite site, int[] data, double scale);
    }

    private Probe probe;

    private void probe(String scope, SiteRole role, int[] data, double scale) {
        if (probe != null) {
            probe.accept(new QuantSite(scope, role), data, scale);
        }
    }

    /** {@link #forward(Tensor)} with {@code probe} called at the residual-stream and linear-input sites. */
    public synchronized Tensor forward(Tensor images, Probe probe) {
        this.probe = probe;
        try {
            return forward(images);
        } finally {
            this.probe = null;
        }
    }

    /** The logits {@code [B, classes]} of a batch of preprocessed images {@code [B, C, H, W]}. */
    public synchronized Tensor forward(Tensor images) {
        int[] shape = images.shape();
        if (shape.length != 4 || shape[1] != inChannels || shape[2] != image || shape[3] != image) {
            throw new IllegalArgumentException(config.architecture() + " expects images [B, " + inChannels + ", "
                    + image + ", " + image + "], got " + Arrays.toString(shape));
        }
        int batch = shape[0];
        int rows = batch * tokens;
        int[] x = embed(images.data(), batch);
        probe("blocks.0", SiteRole.NORM_INPUT, x, streamScale);
        for (IntBlock blk : blocks) {
            x = block(blk, x, batch, rows);
        }
        return logits(x, batch);
    }

    /** Quantizes the images, embeds the patches and assembles the 16-bit stream with tokens and positions. */
    private int[] embed(float[] img, int batch) {
        int grid = image / patch;
        int len = inChannels * patch * patch;
        int[] cols = new int[batch * patches * len];
        float inv = (float) (1 / input.scale());
        int lo = -(1 << (input.bits() - 1));
        int hi = (1 << (input.bits() - 1)) - 1;
        double s = input.scale();
        pool.run(batch * grid, (task, worker) -> {
            int b = task / grid;
            int py = task % grid;
            for (int px = 0; px < grid; px++) {
                int dst = ((b * grid + py) * grid + px) * len;
                for (int ch = 0; ch < inChannels; ch++) {
                    int src = ((b * inChannels + ch) * image + py * patch) * image + px * patch;
                    for (int ky = 0; ky < patch; ky++) {
                        for (int kx = 0; kx < patch; kx++) {
                            long q = (long) Math.rint(img[src + ky * image + kx] / s);
                            cols[dst++] = (int) Math.max(lo, Math.min(hi, q));
                        }
                    }
                }
            }
        });
        int[] acc = new int[batch * patches * dim];
        patchEmbed.forward(cols, batch * patches, acc, pool, tiles);
        int[] stream = rowChunks(acc, batch * patches, dim,
                t -> kernel.requantize(t, patchToStream, streamScale, 32));
        int[] x = new int[batch * tokens * dim];
        pool.run(batch, (b, worker) -> {
            int base = b * tokens * dim;
            for (int t = 0; t < prefix; t++) {
                System.arraycopy(prefixTokens[t], 0, x, base + t * dim, dim);
            }
            for (int p = 0; p < patches; p++) {
                int dst = base + (prefix + p) * dim;
                int src = (b * patches + p) * dim;
                int pos = (prefix + p) * dim;
                for (int j = 0; j < dim; j++) {
                    x[dst + j] = FixedPoint.clamp((long) stream[src + j] + posInt[pos + j], streamBits);
                }
            }
        });
        return x;
    }

    private int[] block(IntBlock blk, int[] x, int batch, int rows) {
        int[] xn = rowChunks(x, rows, dim, t -> kernel.layerNorm(IntTensor.of(t.data(), blk.streamIn(), t.shape()),
                blk.g1(), blk.b1(), blk.qkvIn().scale(), blk.qkvIn().bits()));
        probe(blk.scope(), SiteRole.QKV_INPUT, xn, blk.qkvIn().scale());
        int[] acc = new int[rows * 3 * dim];
        blk.qkv().forward(xn, rows, acc, pool, tiles);
        int[] qkv = rowChunks(acc, rows, 3 * dim, t -> kernel.requantize(t, blk.qkvOut(), 1, 8));
        int[] ctx = attention(blk, qkv, batch);
        probe(blk.scope(), SiteRole.PROJ_INPUT, ctx, blk.projIn().scale());
        int[] pacc = new int[rows * dim];
        blk.proj().forward(ctx, rows, pacc, pool, tiles);
        double res = blk.residual().scale();
        int resBits = blk.residual().bits();
        int[] x2 = rowChunks2(pacc, x, rows, dim, (branch, stream) -> kernel.add(
                kernel.requantize(branch, blk.projOut(), res, 32), IntTensor.of(stream.data(), blk.streamIn(),
                        stream.shape()), res, resBits));
        int[] xn2 = rowChunks(x2, rows, dim, t -> kernel.layerNorm(IntTensor.of(t.data(), res, t.shape()),
                blk.g2(), blk.b2(), blk.fc1In().scale(), blk.fc1In().bits()));
        probe(blk.scope(), SiteRole.RESIDUAL, x2, res);
        probe(blk.scope(), SiteRole.FC1_INPUT, xn2, blk.fc1In().scale());
        int[] hacc = new int[rows * hidden];
        blk.fc1().forward(xn2, rows, hacc, pool, tiles);
        double gs = blk.geluIn().scale();
        int[] h = rowChunks(hacc, rows, hidden, t -> {
            IntTensor g = kernel.requantize(t, blk.fc1Out(), gs, blk.geluIn().bits());
            IntTensor y = kernel.gelu(g, GELU_SIGMOID_BITS);
            return kernel.requantize(y, new Dyadic[] {blk.geluOut()}, blk.fc2In().scale(), blk.fc2In().bits());
        });
        probe(blk.scope(), SiteRole.FC2_INPUT, h, blk.fc2In().scale());
        int[] facc = new int[rows * dim];
        blk.fc2().forward(h, rows, facc, pool, tiles);
        double out = blk.streamOut();
        int[] next = rowChunks2(facc, x2, rows, dim, (branch, stream) -> kernel.add(
                kernel.requantize(branch, blk.fc2Out(), out, 32), IntTensor.of(stream.data(), res, stream.shape()),
                out, blk.streamOutBits()));
        String nextScope = blk.scope().equals("blocks." + (blocks.length - 1)) ? ""
                : "blocks." + (Integer.parseInt(blk.scope().substring(7)) + 1);
        probe(nextScope, SiteRole.NORM_INPUT, next, out);
        return next;
    }

    private int[] attention(IntBlock blk, int[] qkv, int batch) {
        int ld = 3 * dim;
        int[] ctx = new int[batch * tokens * dim];
        int n = tokens;
        int dh = headDim;
        Dyadic[] logitsFactor = {blk.logits()};
        Dyadic[] contextFactor = {blk.context()};
        pool.run(batch * heads, (task, worker) -> {
            int b = task / heads;
            int h = task % heads;
            int[] q = new int[n * dh];
            int[] k = new int[n * dh];
            int[] v = new int[n * dh];
            for (int t = 0; t < n; t++) {
                int src = (b * n + t) * ld + h * dh;
                System.arraycopy(qkv, src, q, t * dh, dh);
                System.arraycopy(qkv, src + dim, k, t * dh, dh);
                System.arraycopy(qkv, src + 2 * dim, v, t * dh, dh);
            }
            int[] logits = new int[n * n];
            int[] tile = tiles[worker];
            // q·kᵀ: k's rows [n x dh] are exactly a Linear weight's layout.
            IntGemm.multiply(q, 0, dh, 0, n, PackedInt8.ofTransposed(k, 0, dh, n, dh), 0, PackedInt8.panels(n),
                    new int[PackedInt8.panels(n) * PackedInt8.NR], logits, 0, n, tile);
            IntTensor sm = kernel.requantize(IntTensor.of(logits, 1, n, n), logitsFactor, blk.softmaxIn().scale(),
                    blk.softmaxIn().bits());
            int[] probs = kernel.softmax(sm, blk.probBits()).data();
            int[] c = new int[n * dh];
            // probs (16-bit) · v [n x dh]; the int32 bound was checked at conversion.
            IntGemm.multiply(probs, 0, n, 0, n, PackedInt8.of(v, 0, dh, n, dh), 0, PackedInt8.panels(dh),
                    new int[PackedInt8.panels(dh) * PackedInt8.NR], c, 0, dh, tile);
            int[] c8 = kernel.requantize(IntTensor.of(c, 1, n, dh), contextFactor, blk.projIn().scale(),
                    blk.projIn().bits()).data();
            for (int t = 0; t < n; t++) {
                System.arraycopy(c8, t * dh, ctx, (b * n + t) * dim + h * dh, dh);
            }
        });
        return ctx;
    }

    private Tensor logits(int[] x, int batch) {
        int classes = head.linear().out();
        int[] cls = new int[batch * dim];
        int[] dist = distilled ? new int[batch * dim] : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * tokens * dim, cls, b * dim, dim);
            if (distilled) {
                System.arraycopy(x, b * tokens * dim + dim, dist, b * dim, dim);
            }
        }
        float[] out = headLogits(head, cls, batch);
        if (distilled) {
            float[] d = headLogits(headDist, dist, batch);
            for (int i = 0; i < out.length; i++) {
                out[i] = (out[i] + d[i]) / 2;
            }
        }
        return Tensor.of(out, batch, classes);
    }

    private float[] headLogits(IntHead h, int[] tokensIn, int batch) {
        IntTensor normed = kernel.layerNorm(IntTensor.of(tokensIn, finalStreamScale, batch, dim), normGamma, normBeta,
                h.in().scale(), h.in().bits());
        int classes = h.linear().out();
        int[] acc = new int[batch * classes];
        h.linear().forward(normed.data(), batch, acc, pool, tiles);
        float[] out = new float[acc.length];
        double[] s = h.accScales();
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) (acc[i] * s[i % classes]);
        }
        return out;
    }

    /** Applies a kernel call to blocks of rows in parallel, returning the concatenated results. */
    private int[] rowChunks(int[] data, int rows, int cols, UnaryOperator<IntTensor> op) {
        int[] out = new int[rows * cols];
        int chunk = Math.max(1, (rows + 4 * pool.threads() - 1) / (4 * pool.threads()));
        int tasks = (rows + chunk - 1) / chunk;
        pool.run(tasks, (task, worker) -> {
            int r0 = task * chunk;
            int r = Math.min(chunk, rows - r0);
            IntTensor in = IntTensor.of(Arrays.copyOfRange(data, r0 * cols, (r0 + r) * cols), 1, r, cols);
            System.arraycopy(op.apply(in).data(), 0, out, r0 * cols, r * cols);
        });
        return out;
    }

    /** Two-input form of {@link #rowChunks} (the residual add). */
    private int[] rowChunks2(int[] a, int[] b, int rows, int cols,
                             java.util.function.BinaryOperator<IntTensor> op) {
        int[] out = new int[rows * cols];
        int chunk = Math.max(1, (rows + 4 * pool.threads() - 1) / (4 * pool.threads()));
        int tasks = (rows + chunk - 1) / chunk;
        pool.run(tasks, (task, worker) -> {
            int r0 = task * chunk;
            int r = Math.min(chunk, rows - r0);
            IntTensor ta = IntTensor.of(Arrays.copyOfRange(a, r0 * cols, (r0 + r) * cols), 1, r, cols);
            IntTensor tb = IntTensor.of(Arrays.copyOfRange(b, r0 * cols, (r0 + r) * cols), 1, r, cols);
            System.arraycopy(op.apply(ta, tb).data(), 0, out, r0 * cols, r * cols);
        });
        return out;
    }
}
