package io.qvit.runtime.internal;

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
 * timm 0.9's {@code SwinTransformer} in eval mode: patch embedding with LayerNorm, stages of
 * (patch merging,) window attention blocks with relative position bias and shifted windows,
 * final LayerNorm, average pool, {@code head.fc}.
 */
public final class SwinGraph implements Graph {

    private final ModelConfig config;
    private final WorkerPool pool;
    private final WorkerScratch[] scratch;
    private final float[][] tiles;
    private final float eps;
    private final PatchEmbedding patchEmbed;
    private final float[] embedNormWeight;
    private final float[] embedNormBias;
    private final SwinStage[] stages;
    private final float[] normWeight;
    private final float[] normBias;
    private final Linear head;
    private final List<QuantSite> sites;
    private final List<WeightSite> weightSites;
    private int bufferBatch = -1;
    private float[] img;
    private float[] cols;
    private SwinBuffers[] buffers;

    /** Builds the graph from validated weights, packing every matrix. */
    public SwinGraph(VisionModel model, WorkerPool pool) {
        ModelConfig c = model.config();
        this.config = c;
        this.pool = pool;
        this.eps = (float) c.layerNormEps();
        this.patchEmbed = new PatchEmbedding(VitGraph.w(model, "patch_embed.proj.weight"),
                VitGraph.w(model, "patch_embed.proj.bias"), c.embedDim(), c.inChannels(), c.patchSize(), c.imageSize());
        this.embedNormWeight = VitGraph.w(model, "patch_embed.norm.weight");
        this.embedNormBias = VitGraph.w(model, "patch_embed.norm.bias");
        this.stages = new SwinStage[c.depths().size()];
        int maxArea = 1;
        int maxHeadDim = 1;
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new SwinStage(model, i);
            maxArea = Math.max(maxArea, stages[i].area);
            maxHeadDim = Math.max(maxHeadDim, stages[i].headDim);
        }
        this.scratch = WorkerScratch.forPool(pool, maxArea, maxHeadDim);
        this.tiles = WorkerScratch.tiles(scratch);
        this.normWeight = VitGraph.w(model, "norm.weight");
        this.normBias = VitGraph.w(model, "norm.bias");
        SwinStage last = stages[stages.length - 1];
        this.head = c.numClasses() > 0
                ? new Linear(VitGraph.w(model, "head.fc.weight"), VitGraph.w(model, "head.fc.bias"), c.numClasses(), last.dim)
                : null;

        List<QuantSite> s = new ArrayList<>();
        List<WeightSite> ws = new ArrayList<>();
        s.add(new QuantSite("", SiteRole.PATCH_EMBED_INPUT));
        VitGraph.weight(s, ws, model, "", SiteRole.PATCH_EMBED_WEIGHT, "patch_embed.proj.weight");
        s.add(new QuantSite("patch_embed", SiteRole.NORM_INPUT));
        for (SwinStage st : stages) {
            if (st.reduction != null) {
                String scope = st.scope + ".downsample";
                s.add(new QuantSite(scope, SiteRole.NORM_INPUT));
                s.add(new QuantSite(scope, SiteRole.REDUCTION_INPUT));
                VitGraph.weight(s, ws, model, scope, SiteRole.REDUCTION_WEIGHT, scope + ".reduction.weight");
            }
            for (VitBlock b : st.blocks) {
                b.addSites(s, ws, model);
            }
        }
        s.add(new QuantSite("", SiteRole.NORM_INPUT));
        if (head != null) {
            s.add(new QuantSite("", SiteRole.HEAD_INPUT));
            VitGraph.weight(s, ws, model, "", SiteRole.HEAD_WEIGHT, "head.fc.weight");
        }
        this.sites = List.copyOf(s);
        this.weightSites = List.copyOf(ws);
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
        for (SwinStage st : stages) {
            if (st.reduction != null) {
                f += st.reduction.flops(st.tokens);
            }
            for (VitBlock b : st.blocks) {
                f += b.qkv.flops(st.tokens) + b.proj.flops(st.tokens) + b.fc1.flops(st.tokens) + b.fc2.flops(st.tokens);
                f += 4L * st.windows * st.area * st.area * st.dim;
            }
        }
        if (head != null) {
            f += head.flops(1);
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
        ensureBuffers(batch, hook != null);
        float[] in = images.data();
        if (hook != null) {
            System.arraycopy(in, 0, img, 0, in.length);
            Hooks.call(hook, new QuantSite("", SiteRole.PATCH_EMBED_INPUT), img, shape);
            in = img;
        }
        SwinStage s0 = stages[0];
        SwinBuffers b0 = buffers[0];
        patchEmbed.forward(in, batch, cols, b0.out, pool, tiles);
        if (hook != null) {
            Hooks.call(hook, new QuantSite("patch_embed", SiteRole.NORM_INPUT), b0.out, batch, s0.tokens, s0.dim);
        }
        layerNorm(b0.out, b0.x, batch * s0.tokens, s0.dim, embedNormWeight, embedNormBias);
        for (int i = 0; i < stages.length; i++) {
            SwinStage st = stages[i];
            SwinBuffers w = buffers[i];
            if (st.reduction != null) {
                merge(stages[i - 1], buffers[i - 1], st, w, batch, hook);
            }
            for (int j = 0; j < st.blocks.length; j++) {
                runBlock(st, j, w, batch, hook);
            }
        }
        return head(batch, hook);
    }

    private void merge(SwinStage prev, SwinBuffers pw, SwinStage st, SwinBuffers w, int batch, ActivationHook hook) {
        int c = prev.dim;
        int r = prev.resolution;
        int r2 = st.resolution;
        pool.run(batch * r2, (task, worker) -> {
            int b = task / r2;
            int i = task % r2;
            for (int j = 0; j < r2; j++) {
                int dst = ((b * r2 + i) * r2 + j) * 4 * c;
                int y = 2 * i;
                int x = 2 * j;
                int base = b * r * r;
                System.arraycopy(pw.x, (base + y * r + x) * c, w.merged, dst, c);
                System.arraycopy(pw.x, (base + (y + 1) * r + x) * c, w.merged, dst + c, c);
                System.arraycopy(pw.x, (base + y * r + x + 1) * c, w.merged, dst + 2 * c, c);
                System.arraycopy(pw.x, (base + (y + 1) * r + x + 1) * c, w.merged, dst + 3 * c, c);
            }
        });
        String scope = st.scope + ".downsample";
        int rows = batch * st.tokens;
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.NORM_INPUT), w.merged, batch, st.tokens, 4 * c);
        }
        layerNorm(w.merged, w.merged, rows, 4 * c, st.mergeNormWeight, st.mergeNormBias);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.REDUCTION_INPUT), w.merged, batch, st.tokens, 4 * c);
        }
        st.reduction.forward(w.merged, 0, rows, w.x, 0, false, pool, tiles);
    }

    private void runBlock(SwinStage st, int j, SwinBuffers w, int batch, ActivationHook hook) {
        VitBlock blk = st.blocks[j];
        String scope = blk.scope;
        int rows = batch * st.tokens;
        int d = st.dim;
        int[] order = st.shifted(j) ? st.shiftedOrder : st.plainOrder;
        float[] mask = st.shifted(j) ? st.mask : null;
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.NORM_INPUT), w.x, batch, st.tokens, d);
        }
        layerNorm(w.x, w.xn, rows, d, blk.norm1Weight, blk.norm1Bias);
        pool.run(batch, (b, worker) -> {
            int base = b * st.tokens;
            for (int i = 0; i < st.tokens; i++) {
                System.arraycopy(w.xn, (base + order[i]) * d, w.windowed, (base + i) * d, d);
            }
        });
        int items = batch * st.windows;
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.QKV_INPUT), w.windowed, items, st.area, d);
        }
        blk.qkv.forward(w.windowed, 0, rows, w.qkv, 0, false, pool, tiles);
        if (hook == null) {
            attentionFused(st, j, mask, w, items);
        } else {
            attentionHooked(st, j, mask, w, items, hook, scope);
            Hooks.call(hook, new QuantSite(scope, SiteRole.PROJ_INPUT), w.ctx, items, st.area, d);
        }
        blk.proj.forward(w.ctx, 0, rows, w.out, 0, false, pool, tiles);
        pool.run(batch, (b, worker) -> {
            int base = b * st.tokens;
            for (int i = 0; i < st.tokens; i++) {
                int dst = (base + order[i]) * d;
                int src = (base + i) * d;
                for (int c = 0; c < d; c++) {
                    w.x[dst + c] += w.out[src + c];
                }
            }
        });
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.RESIDUAL), w.x, batch, st.tokens, d);
        }
        layerNorm(w.x, w.xn, rows, d, blk.norm2Weight, blk.norm2Bias);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.FC1_INPUT), w.xn, batch, st.tokens, d);
        }
        blk.fc1.forward(w.xn, 0, rows, w.hidden, 0, false, pool, tiles);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.GELU_INPUT), w.hidden, batch, st.tokens, st.hidden);
        }
        gelu(w.hidden, rows, st.hidden);
        if (hook != null) {
            Hooks.call(hook, new QuantSite(scope, SiteRole.FC2_INPUT), w.hidden, batch, st.tokens, st.hidden);
        }
        blk.fc2.forward(w.hidden, 0, rows, w.x, 0, true, pool, tiles);
    }

    private void attentionFused(SwinStage st, int j, float[] mask, SwinBuffers w, int items) {
        int d = st.dim;
        int ld = 3 * d;
        int n = st.area;
        int hd = st.headDim;
        float scale = (float) Math.pow(hd, -0.5);
        float[] bias = st.bias[j];
        pool.run(items * st.heads, (task, worker) -> {
            int item = task / st.heads;
            int h = task % st.heads;
            WorkerScratch sc = scratch[worker];
            int base = item * n * ld + h * hd;
            AttentionKernel.logits(w.qkv, base, ld, w.qkv, base + d, ld, n, hd, scale,
                    bias, h * n * n, mask, (item % st.windows) * n * n, sc.logits, 0, sc);
            VectorMath.softmaxRows(sc.logits, 0, n, n);
            AttentionKernel.context(sc.logits, 0, w.qkv, base + 2 * d, ld, n, hd, w.ctx, item * n * d + h * hd, d, sc);
        });
    }

    private void attentionHooked(SwinStage st, int j, float[] mask, SwinBuffers w, int items,
            ActivationHook hook, String scope) {
        int d = st.dim;
        int n = st.area;
        int hd = st.headDim;
        int heads = st.heads;
        int seq = n * hd;
        int nn = n * n;
        float scale = (float) Math.pow(hd, -0.5);
        float[] bias = st.bias[j];
        int tasks = items * heads;
        HeadSplit.splitAndHook(pool, w.qkv, w.q, w.k, w.v, items, heads, n, hd, hook, scope);
        pool.run(tasks, (task, worker) -> {
            int item = task / heads;
            int h = task % heads;
            AttentionKernel.logits(w.q, task * seq, hd, w.k, task * seq, hd, n, hd, scale,
                    bias, h * nn, mask, (item % st.windows) * nn, w.attn, task * nn, scratch[worker]);
        });
        Hooks.call(hook, new QuantSite(scope, SiteRole.SOFTMAX_INPUT), w.attn, items, heads, n, n);
        pool.run(tasks, (task, worker) -> VectorMath.softmaxRows(w.attn, task * nn, n, n));
        Hooks.call(hook, new QuantSite(scope, SiteRole.ATTN_PROBS), w.attn, items, heads, n, n);
        pool.run(tasks, (task, worker) -> {
            int item = task / heads;
            int h = task % heads;
            AttentionKernel.context(w.attn, task * nn, w.v, task * seq, hd, n, hd,
                    w.ctx, item * n * d + h * hd, d, scratch[worker]);
        });
    }

    private Tensor head(int batch, ActivationHook hook) {
        SwinStage st = stages[stages.length - 1];
        SwinBuffers w = buffers[stages.length - 1];
        int d = st.dim;
        if (hook != null) {
            Hooks.call(hook, new QuantSite("", SiteRole.NORM_INPUT), w.x, batch, st.tokens, d);
        }
        layerNorm(w.x, w.xn, batch * st.tokens, d, normWeight, normBias);
        float[] pooled = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < st.tokens; t++) {
                int src = (b * st.tokens + t) * d;
                for (int c = 0; c < d; c++) {
                    pooled[b * d + c] += w.xn[src + c];
                }
            }
            for (int c = 0; c < d; c++) {
                pooled[b * d + c] /= st.tokens;
            }
        }
        if (head == null) {
            return Tensor.of(pooled, batch, d);
        }
        if (hook != null) {
            Hooks.call(hook, new QuantSite("", SiteRole.HEAD_INPUT), pooled, batch, d);
        }
        float[] logits = new float[batch * head.out()];
        head.forward(pooled, 0, batch, logits, 0, false, pool, tiles);
        return Tensor.of(logits, batch, head.out());
    }

    private void layerNorm(float[] src, float[] dst, int rows, int n, float[] g, float[] b) {
        RowParallel.layerNorm(pool, src, dst, rows, n, g, b, eps);
    }

    private void gelu(float[] x, int rows, int n) {
        RowParallel.gelu(pool, x, rows, n);
    }

    private void ensureBuffers(int batch, boolean hooked) {
        if (bufferBatch != batch) {
            img = new float[batch * config.inChannels() * config.imageSize() * config.imageSize()];
            cols = new float[batch * patchEmbed.patches() * patchEmbed.patchLength()];
            buffers = new SwinBuffers[stages.length];
            for (int i = 0; i < stages.length; i++) {
                buffers[i] = new SwinBuffers(stages[i], batch, i > 0 ? stages[i - 1].dim : 0);
            }
            bufferBatch = batch;
        }
        if (hooked) {
            for (int i = 0; i < stages.length; i++) {
                buffers[i].allocateHookBuffers(stages[i]);
            }
        }
    }
}
