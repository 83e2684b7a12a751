package io.qvit.plugins.onnx.internal;

import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import java.util.Map;

/**
 * timm's {@code VisionTransformer} (ViT, DeiT, distilled DeiT) as an ONNX graph, with the
 * quantization sites exactly where qvit's runtime applies them: input {@code images [B, C, H, W]},
 * output {@code logits [B, classes]}. LayerNorm is {@code LayerNormalization}, GELU its erf form,
 * softmax {@code Softmax}; linear layers are {@code MatMul} + {@code Add} on {@code [in, out]} weights.
 */
public final class VitOnnx {
    private final OnnxGraph g;
    private final SiteQuantization q;
    private final ModelConfig c;
    private final VisionModel m;
    private final int dim;
    private final int heads;
    private final int headDim;
    private final int hidden;
    private final int prefix;
    private final int tokens;

    /** Builds into {@code g} with the site forms of {@code q}. */
    public VitOnnx(OnnxGraph g, SiteQuantization q, VisionModel model) {
        this.g = g;
        this.q = q;
        this.m = model;
        this.c = model.config();
        if (c.family() == ArchitectureFamily.SWIN) {
            throw new DeploymentException(c.architecture() + ": the onnx exporter writes ViT/DeiT graphs only "
                    + "(Swin's shifted windows are not exported yet)");
        }
        this.dim = c.embedDim();
        this.heads = c.numHeads();
        this.headDim = dim / heads;
        this.hidden = model.weight("blocks.0.mlp.fc1.weight").dim(0);
        this.prefix = c.family() == ArchitectureFamily.DEIT_DISTILLED ? 2 : 1;
        this.tokens = c.gridSize() * c.gridSize() + prefix;
    }

    private boolean isAvg() {
        return "avg".equals(c.globalPool());
    }

    /** Emits the whole graph: inputs, every block, the head and the output {@code logits}. */
    public void build() {
        int image = c.imageSize();
        g.input("images", -1, c.inChannels(), image, image);
        String x = q.activation("images", new QuantSite("", SiteRole.PATCH_EMBED_INPUT), 4);
        String w = q.convWeight(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT), "patch_embed.proj.weight");
        long p = c.patchSize();
        x = g.op("Conv", "patch_embed", Map.of("strides", new long[] {p, p}, "kernel_shape", new long[] {p, p}),
                x, w, q.floatParam("patch_embed.proj.bias", dim));
        x = g.op("Reshape", "patch_embed.flat", x, g.int64(0, dim, -1));
        x = g.op("Transpose", "patch_embed.tokens", Map.of("perm", new long[] {0, 2, 1}), x);
        x = prependTokens(x);
        x = g.op("Add", "pos_embed.add", x, q.floatParam("pos_embed", 1, tokens, dim));
        for (int i = 0; i < c.depth(); i++) {
            x = block(x, "blocks." + i);
        }
        head(x);
    }

    private String prependTokens(String patches) {
        String batch = g.op("Slice", "batch", g.op("Shape", "images_shape", "images"), g.int64(0), g.int64(1));
        boolean distilled = c.family() == ArchitectureFamily.DEIT_DISTILLED;
        String target = g.op("Concat", "token_shape", Map.of("axis", 0L), batch, g.int64(1), g.int64(dim));
        String cls = g.op("Expand", "cls_token.batch", q.floatParam("cls_token", 1, 1, dim), target);
        if (distilled) {
            String dist = g.op("Expand", "dist_token.batch", q.floatParam("dist_token", 1, 1, dim), target);
            return g.op("Concat", "tokens", Map.of("axis", 1L), cls, dist, patches);
        }
        return g.op("Concat", "tokens", Map.of("axis", 1L), cls, patches);
    }

    private String layerNorm(String x, String key) {
        return g.op("LayerNormalization", key, Map.of("axis", -1L, "epsilon", (float) c.layerNormEps()), x,
                q.floatParam(key + ".weight", dim), q.floatParam(key + ".bias", dim));
    }

    private String linear(String x, String scope, SiteRole weightRole, String key, int out, boolean bias) {
        String y = g.op("MatMul", key, x, q.linearWeight(new QuantSite(scope, weightRole), key + ".weight"));
        return bias ? g.op("Add", key + ".out", y, q.floatParam(key + ".bias", out)) : y;
    }

    private String block(String x, String scope) {
        String k = scope + ".";
        x = q.activation(x, new QuantSite(scope, SiteRole.NORM_INPUT), 3);
        String h = q.activation(layerNorm(x, k + "norm1"), new QuantSite(scope, SiteRole.QKV_INPUT), 3);
        h = linear(h, scope, SiteRole.QKV_WEIGHT, k + "attn.qkv", 3 * dim, m.weights().containsKey(k + "attn.qkv.bias"));
        h = g.op("Reshape", k + "attn.qkv.heads", h, g.int64(0, tokens, 3, heads, headDim));
        h = g.op("Transpose", k + "attn.qkv.split", Map.of("perm", new long[] {2, 0, 3, 1, 4}), h);
        String qh = q.activation(g.op("Gather", k + "attn.q", Map.of("axis", 0L), h, g.int64Scalar(0)),
                new QuantSite(scope, SiteRole.ATTN_Q), 4);
        String kh = q.activation(g.op("Gather", k + "attn.k", Map.of("axis", 0L), h, g.int64Scalar(1)),
                new QuantSite(scope, SiteRole.ATTN_K), 4);
        String vh = q.activation(g.op("Gather", k + "attn.v", Map.of("axis", 0L), h, g.int64Scalar(2)),
                new QuantSite(scope, SiteRole.ATTN_V), 4);
        String kt = g.op("Transpose", k + "attn.kT", Map.of("perm", new long[] {0, 1, 3, 2}), kh);
        String logits = g.op("Mul", k + "attn.logits", g.op("MatMul", k + "attn.qk", qh, kt),
                g.floats(k + "attn.scale", new float[] {(float) Math.pow(headDim, -0.5)}));
        logits = q.activation(logits, new QuantSite(scope, SiteRole.SOFTMAX_INPUT), 4);
        String probs = g.op("Softmax", k + "attn.softmax", Map.of("axis", -1L), logits);
        probs = q.activation(probs, new QuantSite(scope, SiteRole.ATTN_PROBS), 4);
        String ctx = g.op("MatMul", k + "attn.context", probs, vh);
        ctx = g.op("Transpose", k + "attn.context.tokens", Map.of("perm", new long[] {0, 2, 1, 3}), ctx);
        ctx = g.op("Reshape", k + "attn.context.flat", ctx, g.int64(0, tokens, dim));
        ctx = q.activation(ctx, new QuantSite(scope, SiteRole.PROJ_INPUT), 3);
        x = g.op("Add", k + "residual1", x, linear(ctx, scope, SiteRole.PROJ_WEIGHT, k + "attn.proj", dim, true));
        x = q.activation(x, new QuantSite(scope, SiteRole.RESIDUAL), 3);
        h = q.activation(layerNorm(x, k + "norm2"), new QuantSite(scope, SiteRole.FC1_INPUT), 3);
        h = linear(h, scope, SiteRole.FC1_WEIGHT, k + "mlp.fc1", hidden, true);
        h = q.activation(h, new QuantSite(scope, SiteRole.GELU_INPUT), 3);
        h = gelu(h, k + "mlp.gelu");
        h = q.activation(h, new QuantSite(scope, SiteRole.FC2_INPUT), 3);
        return g.op("Add", k + "residual2", x, linear(h, scope, SiteRole.FC2_WEIGHT, k + "mlp.fc2", dim, true));
    }

    /** GELU, erf form: {@code 0.5·x·(1 + erf(x/√2))} (ONNX Runtime fuses it into one Gelu kernel). */
    private String gelu(String x, String stem) {
        String e = g.op("Erf", stem + ".erf", g.op("Div", stem + ".div", x, g.floats(stem + ".sqrt2",
                new float[] {(float) Math.sqrt(2.0)})));
        String one = g.op("Add", stem + ".one", e, g.floats(stem + ".one_c", new float[] {1f}));
        String half = g.op("Mul", stem + ".half", x, g.floats(stem + ".half_c", new float[] {0.5f}));
        return g.op("Mul", stem, half, one);
    }

    private void head(String x) {
        x = q.activation(x, new QuantSite("", SiteRole.NORM_INPUT), 3);
        boolean distilled = c.family() == ArchitectureFamily.DEIT_DISTILLED;
        String pooled;
        String pooledDist = null;
        if (isAvg()) {
            String patches = g.op("Slice", "pool.patches", x, g.int64(prefix), g.int64(tokens), g.int64(1));
            pooled = g.op("ReduceMean", "pool", Map.of("keepdims", 0L), patches, g.int64(1));
            pooled = layerNorm(pooled, "fc_norm");
        } else {
            pooled = layerNorm(g.op("Gather", "pool.cls", Map.of("axis", 1L), x, g.int64Scalar(0)), "norm");
            if (distilled) {
                pooledDist = layerNorm(g.op("Gather", "pool.dist", Map.of("axis", 1L), x, g.int64Scalar(1)), "norm");
            }
        }
        int classes = c.numClasses();
        if (classes == 0) {
            g.renameLastOutput("logits");
            g.output("logits", -1, dim);
            return;
        }
        pooled = q.activation(pooled, new QuantSite("", SiteRole.HEAD_INPUT), 2);
        String logits = linear(pooled, "", SiteRole.HEAD_WEIGHT, "head", classes, true);
        if (pooledDist != null) {
            pooledDist = q.activation(pooledDist, new QuantSite("head_dist", SiteRole.HEAD_INPUT), 2);
            String dist = linear(pooledDist, "head_dist", SiteRole.HEAD_WEIGHT, "head_dist", classes, true);
            logits = g.op("Mul", "logits.mean", g.op("Add", "logits.sum", logits, dist),
                    g.floats("logits.half", new float[] {0.5f}));
        }
        g.renameLastOutput("logits");
        g.output("logits", -1, classes);
    }
}
