package io.qvit.runtime.internal;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;
import io.qvit.runtime.WeightSite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * timm's {@code VisionTransformer} in eval mode: ViT and DeiT with a class token, and distilled
 * DeiT with a distillation token and a second head whose logits are averaged with the first.
 *
 * <p>Per block: {@code x = x + proj(attn(norm1(x)))}, {@code x = x + fc2(gelu(fc1(norm2(x))))}.
 * The residual stream entering a block is its {@code norm.input} site, the stream after the
 * attention residual add is its {@code residual} site; the stream after the MLP add is the next
 * block's (or the final norm's) {@code norm.input}.
 */
public final class VitGraph implements Graph {

    private final ModelConfig config;
    private final WorkerPool pool;
    private final WorkerScratch[] scratch;
    private final float[][] tiles;
    private final int dim;
    private final int tokens;
    private final int patches;
    private final int prefix;
    private final int heads;
    private final int headDim;
    private final int hidden;
    private final float scale;
    private final float eps;
    private final boolean distilled;
    private final boolean avgPool;
    private final PatchEmbedding patchEmbed;
    private final float[] clsToken;
    private final float[] distToken;
    private final float[] posEmbed;
    private final VitBlock[] blocks;
    private final float[] normWeight;
    private final float[] normBias;
    private final Linear head;
    private final Linear headDist;
    private final List<QuantSite> sites;
    private final List<WeightSite> weightSites;
    private VitBuffers buffers;

    /** Builds the graph from validated weights, packing every matrix. */
    public VitGraph(VisionModel model, WorkerPool pool) {
        ModelConfig c = model.config();
        this.config = c;
        this.pool = pool;
        VitShape shape = VitShape.of(c);
        this.dim = shape.dim();
        this.prefix = shape.prefix();
        this.patches = shape.patches();
        this.tokens = shape.tokens();
        this.heads = shape.heads();
        this.headDim = shape.headDim();
        this.hidden = shape.hidden();
        this.scale = (float) Math.pow(headDim, -0.5);
        this.eps = (float) c.layerNormEps();
        this.distilled = c.family() == ArchitectureFamily.DEIT_DISTILLED;
        this.avgPool = WeightSpec.isAvgPool(c);
        this.scratch = WorkerScratch.forPool(pool, tokens, headDim);
        this.tiles = WorkerScratch.tiles(scratch);
        this.patchEmbed = new PatchEmbedding(w(model, "patch_embed.proj.weight"), w(model, "patch_embed.proj.bias"),
                dim, c.inChannels(), c.patchSize(), c.imageSize());
        this.clsToken = w(model, "cls_token");
        this.distToken = distilled ? w(model, "dist_token") : null;
        this.posEmbed = w(model, "pos_embed");
        this.blocks = new VitBlock[c.depth()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = VitBlock.of(model, "blocks." + i, "blocks." + i + ".", dim, hidden);
        }
        String norm = avgPool ? "fc_norm" : "norm";
        this.normWeight = w(model, norm + ".weight");
        this.normBias = w(model, norm + ".bias");
        int classes = c.numClasses();
        this.head = classes > 0 ? new Linear(w(model, "head.weight"), w(model, "head.bias"), classes, dim) : null;
        this.headDist = classes > 0 && distilled
                ? new Linear(w(model, "head_dist.weight"), w(model, "head_dist.bias"), classes, dim) : null;

        List<QuantSite> s = new ArrayList<>();
        List<WeightSite> ws = new ArrayList<>();
        s.add(new QuantSite("", SiteRole.PATCH_EMBED_INPUT));
        weight(s, ws, model, "", SiteRole.PATCH_EMBED_WEIGHT, "patch_embed.proj.weight");
        for (VitBlock b : blocks) {
            b.addSites(s, ws, model);
        }
        s.add(new QuantSite("", SiteRole.NORM_INPUT));
        if (head != null) {
            s.add(new QuantSite("", SiteRole.HEAD_INPUT));
            weight(s, ws, model, "", SiteRole.HEAD_WEIGHT, "head.weight");
            if (headDist != null) {
                s.add(new QuantSite("head_dist", SiteRole.HEAD_INPUT));
                weight(s, ws, model, "head_dist", SiteRole.HEAD_WEIGHT, "head_dist.weight");
            }
        }
        this.sites = List.copyOf(s);
        this.weightSites = List.copyOf(ws);
    }

    static float[] w(VisionModel model, String key) {
        return model.weight(key).data();
    }

    static void weight(List<QuantSite> s, List<WeightSite> ws, VisionModel model, String scope, SiteRole role,
            String key) {
        QuantSite site = new QuantSite(scope, role);
        s.add(site);
        ws.add(new WeightSite(site, key, Arrays.stream(model.weight(key).shape()).boxed().toList()));
    }

    @Override
    public List<QuantSite> sites() {
        return sites;
    }

    @Override
    public List<WeightSite> weightSites() {
        return weightSites;
    }

    @Override
    public long flopsPerImage() {
        long f = patchEmbed.flops();
        for (VitBlock b : blocks) {
            f += b.qkv.flops(tokens) + b.proj.flops(tokens) + b.fc1.flops(tokens) + b.fc2.flops(tokens);
            f += 2L * heads * 2L * tokens * tokens * headDim;
        }
        if (head != null) {
            f += head.flops(1) * (headDist != null ? 2 : 1);
        }
        return f;
    }

    @Override
    public synchronized Tensor forward(Tensor images, ActivationHook hook) {
        int[] shape = images.shape();
        int image = config.imageSize();
        if (shape.length != 4 || shape[1] != config.inChannels() || shape[2] != image || shape[3] != image) {
            throw new IllegalArgumentException(config.architecture() + " expects images [B, " + config.inChannels()
                    + ", " + image + ", " + image + "], got " + Arrays.toString(shape));
        }
        int batch = shape[0];
        VitBuffers w = buffers(batch, hook != null);
        float[] img = images.data();
        if (hook != null) {
            System.arraycopy(img, 0, w.img, 0, img.length);
            Hooks.call(hook, new QuantSite("", SiteRole.PATCH_EMBED_INPUT), w.img, shape);
            img = w.img;
        }
        patchEmbed.forward(img, batch, w.cols, w.patches, pool, tiles);
        pool.run(batch, (b, worker) -> assemble(w, b));
        for (VitBlock block : blocks) {
            runBlock(block, w, batch, hook);
        }
        return head(w, batch, hook);
    }

    private void assemble(VitBuffers w, int b) {
        float[] x = w.x;
        int base = b * tokens * dim;
        for (int j = 0; j < dim; j++) {
            x[base + j] = clsToken[j] + posEmbed[j];
        }
        if (distilled) {
            for (int j = 0; j < dim; j++) {
                x[base + dim + j] = distToken[j] + posEmbed[dim + j];
            }
        }
        for (int p = 0; p < patches; p++) {
            int dst = base + (prefix + p) * dim;
            int src = (b * patches + p) * dim;
            int pos = (prefix + p) * dim;
            for (int j = 0; j < dim; j++) {
                x[dst + j] = w.patches[src + j] + posEmbed[pos + j];
            }
        }
    }

    private void runBlock(VitBlock blk, VitBuffers w, int batch, ActivationHook hook) {
        int rows = batch * tokens;
        String scope = blk.scope;
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.NORM_INPUT), w.x, batch, tokens, dim);
        }
        layerNorm(w.x, w.xn, rows, dim, blk.norm1Weight, blk.norm1Bias);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.QKV_INPUT), w.xn, batch, tokens, dim);
        }
        blk.qkv.forward(w.xn, 0, rows, w.qkv, 0, false, pool, tiles);
        if (hook == null) {
            attentionFused(w, batch);
        } else {
            attentionHooked(w, batch, hook, scope);
            Hooks.call(hook, new QuantSite(scope, SiteRole.PROJ_INPUT), w.ctx, batch, tokens, dim);
        }
        blk.proj.forward(w.ctx, 0, rows, w.x, 0, true, pool, tiles);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.RESIDUAL), w.x, batch, tokens, dim);
        }
        layerNorm(w.x, w.xn, rows, dim, blk.norm2Weight, blk.norm2Bias);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.FC1_INPUT), w.xn, batch, tokens, dim);
        }
        blk.fc1.forward(w.xn, 0, rows, w.hidden, 0, false, pool, tiles);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.GELU_INPUT), w.hidden, batch, tokens, hidden);
        }
        gelu(w.hidden, rows, hidden);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.FC2_INPUT), w.hidden, batch, tokens, hidden);
        }
        blk.fc2.forward(w.hidden, 0, rows, w.x, 0, true, pool, tiles);
    }

    private void attentionFused(VitBuffers w, int batch) {
        int ld = 3 * dim;
        pool.run(batch * heads, (task, worker) -> {
            int b = task / heads;
            int h = task % heads;
            WorkerScratch sc = scratch[worker];
            int base = b * tokens * ld + h * headDim;
            AttentionKernel.logits(w.qkv, base, ld, w.qkv, base + dim, ld, tokens, headDim, scale,
                    null, 0, null, 0, sc.logits, 0, sc);
            VectorMath.softmaxRows(sc.logits, 0, tokens, tokens);
            AttentionKernel.context(sc.logits, 0, w.qkv, base + 2 * dim, ld, tokens, headDim,
                    w.ctx, b * tokens * dim + h * headDim, dim, sc);
        });
    }

    private void attentionHooked(VitBuffers w, int batch, ActivationHook hook, String scope) {
        int seq = tokens * headDim;
        int nn = tokens * tokens;
        int tasks = batch * heads;
        HeadSplit.splitAndHook(pool, w.qkv, w.q, w.k, w.v, batch, heads, tokens, headDim, hook, scope);
        pool.run(tasks, (task, worker) -> AttentionKernel.logits(w.q, task * seq, headDim, w.k, task * seq, headDim,
                tokens, headDim, scale, null, 0, null, 0, w.attn, task * nn, scratch[worker]));
        Hooks.call(hook, new QuantSite(scope, SiteRole.SOFTMAX_INPUT), w.attn, batch, heads, tokens, tokens);
        pool.run(tasks, (task, worker) -> VectorMath.softmaxRows(w.attn, task * nn, tokens, tokens));
        Hooks.call(hook, new QuantSite(scope, SiteRole.ATTN_PROBS), w.attn, batch, heads, tokens, tokens);
        pool.run(tasks, (task, worker) -> {
            int b = task / heads;
            int h = task % heads;
            AttentionKernel.context(w.attn, task * nn, w.v, task * seq, headDim, tokens, headDim,
                    w.ctx, b * tokens * dim + h * headDim, dim, scratch[worker]);
        });
    }

    private Tensor head(VitBuffers w, int batch, ActivationHook hook) {
        if (hook != null) {
            Hooks.call(hook, new QuantSite("", SiteRole.NORM_INPUT), w.x, batch, tokens, dim);
        }
        float[] pooled = new float[batch * dim];
        float[] pooledDist = distilled ? new float[batch * dim] : null;
        for (int b = 0; b < batch; b++) {
            int base = b * tokens * dim;
            if (avgPool) {
                for (int t = prefix; t < tokens; t++) {
                    for (int j = 0; j < dim; j++) {
                        pooled[b * dim + j] += w.x[base + t * dim + j];
                    }
                }
                for (int j = 0; j < dim; j++) {
                    pooled[b * dim + j] /= patches;
                }
                VectorMath.layerNorm(pooled, b * dim, pooled, b * dim, 1, dim, normWeight, normBias, eps);
            } else {
                VectorMath.layerNorm(w.x, base, pooled, b * dim, 1, dim, normWeight, normBias, eps);
                if (distilled) {
                    VectorMath.layerNorm(w.x, base + dim, pooledDist, b * dim, 1, dim, normWeight, normBias, eps);
                }
            }
        }
        if (head == null) {
            return Tensor.of(pooled, batch, dim);
        }
        int classes = head.out();
        if (hook != null) {
            Hooks.call(hook, new QuantSite("", SiteRole.HEAD_INPUT), pooled, batch, dim);
        }
        float[] logits = new float[batch * classes];
        head.forward(pooled, 0, batch, logits, 0, false, pool, tiles);
        if (headDist != null) {
            if (hook != null) {
                Hooks.call(hook, new QuantSite("head_dist", SiteRole.HEAD_INPUT), pooledDist, batch, dim);
            }
            float[] dist = new float[batch * classes];
            headDist.forward(pooledDist, 0, batch, dist, 0, false, pool, tiles);
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (logits[i] + dist[i]) / 2;
            }
        }
        return Tensor.of(logits, batch, classes);
    }

    private void layerNorm(float[] src, float[] dst, int rows, int n, float[] g, float[] b) {
        RowParallel.layerNorm(pool, src, dst, rows, n, g, b, eps);
    }

    private void gelu(float[] x, int rows, int n) {
        RowParallel.gelu(pool, x, rows, n);
    }

    private VitBuffers buffers(int batch, boolean hooked) {
        VitBuffers b = buffers;
        if (b == null || b.batch != batch) {
            b = new VitBuffers(batch, config.inChannels() * config.imageSize() * config.imageSize(),
                    patches, patchEmbed.patchLength(), tokens, dim, hidden);
            buffers = b;
        }
        if (hooked) {
            b.allocateHookBuffers(heads, tokens);
        }
        return b;
    }
}
