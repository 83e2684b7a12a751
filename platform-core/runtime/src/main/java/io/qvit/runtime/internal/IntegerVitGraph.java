package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.Requantization;
import java.util.Arrays;
import java.util.List;

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
    private final IntRowParallel par;
    private final int dim;
    private final int tokens;
    private final int patches;
    private final int inChannels;
    private final int patch;
    private final int image;
    private final IntSiteScales.Activation input;
    private final IntLinear patchEmbed;
    private final Dyadic[] patchToStream;
    private final double streamScale;
    private final StreamCodes streamCodes;
    private final IntVitBlock[] blocks;
    private final IntVitHead head;
    private final List<Requantization> requantizations;

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
        IntVitConversion cv = new IntVitConversion(model, scales, kernel);
        this.config = c;
        this.kernel = kernel;
        this.par = new IntRowParallel(pool);
        this.dim = cv.shape.dim();
        this.patches = cv.shape.patches();
        this.tokens = cv.shape.tokens();
        this.inChannels = c.inChannels();
        this.patch = c.patchSize();
        this.image = c.imageSize();
        boolean distilled = c.family() == ArchitectureFamily.DEIT_DISTILLED;

        this.input = cv.act("", SiteRole.PATCH_EMBED_INPUT, 8);
        IntSiteScales.Weight pw = cv.weight("", SiteRole.PATCH_EMBED_WEIGHT);
        this.patchEmbed = new IntLinear(cv.weights("patch_embed.proj.weight"), cv.weights("patch_embed.proj.bias"),
                pw.scales(), pw.bits(), input.scale(), input.maxAbs(), dim, inChannels * patch * patch, "patch_embed");
        IntSiteScales.Activation stream0 = cv.act("blocks.0", SiteRole.NORM_INPUT, 24);
        this.streamScale = stream0.scale();
        this.patchToStream = cv.factors("patch_embed->blocks.0.norm.input", patchEmbed.accumulatorScales(),
                streamScale);
        this.streamCodes = new StreamCodes(cv, streamScale, stream0.bits(), distilled);

        this.blocks = new IntVitBlock[c.depth()];
        double stream = streamScale;
        for (int i = 0; i < blocks.length; i++) {
            String next = i + 1 < blocks.length ? "blocks." + (i + 1) : "";
            blocks[i] = new IntVitBlock(cv, "blocks." + i, stream, next);
            stream = blocks[i].streamOut();
        }
        this.head = new IntVitHead(cv, stream, distilled);
        this.requantizations = cv.requantizations();
    }

    /** Every requantization fixed at conversion, in execution order. */
    public List<Requantization> requantizations() {
        return List.copyOf(requantizations);
    }

    /** The int32 position table {@code rint(pos / streamScale)} added to the patch tokens' stream. */
    public static int[] positionCodes(float[] pos, double streamScale) {
        return StreamCodes.positionCodes(pos, streamScale);
    }

    /**
     * The class (and distillation) token rows of the integer stream,
     * {@code clamp(rint((token + pos) / streamScale))}, one rounding each.
     *
     * @param dist the distillation token, or null
     */
    public static int[][] prefixCodes(float[] cls, float[] dist, float[] pos, double streamScale, int streamBits) {
        return StreamCodes.prefixCodes(cls, dist, pos, streamScale, streamBits);
    }

    /** Integer multiply-adds of one image (all matrix products). */
    public long macsPerImage() {
        long m = patchEmbed.macs(patches);
        for (IntVitBlock b : blocks) {
            m += b.macs(tokens);
        }
        return m + head.macs();
    }

    /** Bytes of the integer weights: int8 matrices and int32 biases, plus the int32 position table. */
    public long weightBytes() {
        long b = patchEmbed.weightBytes() + streamCodes.weightBytes();
        for (IntVitBlock blk : blocks) {
            b += blk.weightBytes();
        }
        return b + head.weightBytes();
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

    /** Calls {@code probe}, if not null, with the integers at site {@code scope}/{@code role}. */
    static void probe(Probe probe, String scope, SiteRole role, int[] data, double scale) {
        if (probe != null) {
            probe.accept(new QuantSite(scope, role), data, scale);
        }
    }

    /** {@link #forward(Tensor)} with {@code probe} called at the residual-stream and linear-input sites. */
    public synchronized Tensor forward(Tensor images, Probe probe) {
        return run(images, probe);
    }

    /** The logits {@code [B, classes]} of a batch of preprocessed images {@code [B, C, H, W]}. */
    public synchronized Tensor forward(Tensor images) {
        return run(images, null);
    }

    private Tensor run(Tensor images, Probe probe) {
        int[] shape = images.shape();
        if (shape.length != 4 || shape[1] != inChannels || shape[2] != image || shape[3] != image) {
            throw new IllegalArgumentException(config.architecture() + " expects images [B, " + inChannels + ", "
                    + image + ", " + image + "], got " + Arrays.toString(shape));
        }
        int batch = shape[0];
        int rows = batch * tokens;
        int[] x = embed(images.data(), batch);
        probe(probe, "blocks.0", SiteRole.NORM_INPUT, x, streamScale);
        for (IntVitBlock blk : blocks) {
            x = blk.forward(x, batch, rows, kernel, par, probe);
        }
        return head.logits(x, batch, kernel, par);
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
        par.run(batch * grid, (task, worker) -> {
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
        par.linear(patchEmbed, cols, batch * patches, acc);
        int[] stream = par.map(acc, batch * patches, dim, t -> kernel.requantize(t, patchToStream, streamScale, 32));
        return streamCodes.assemble(stream, batch, par);
    }
}
