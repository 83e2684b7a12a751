package io.qvit.runtime.internal;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tensors (timm key name and shape) an architecture needs, and the check of a model's weights
 * against them. The layout is timm 0.9's: Swin stages start with their patch merging
 * ({@code layers.N.downsample}, N &gt;= 1).
 */
public final class WeightSpec {
    /** Buffers some checkpoints carry and the runtime recomputes: accepted and ignored. */
    private static final Pattern IGNORED = Pattern.compile(
            "layers\\.\\d+\\.blocks\\.\\d+\\.(attn\\.relative_position_index|attn_mask)");

    private WeightSpec() {
    }

    /** Hidden width of the MLP: {@code int(dim * mlpRatio)} as timm computes it. */
    public static int hidden(ModelConfig c, int dim) {
        return (int) (dim * c.mlpRatio());
    }

    /** Swin: width of stage {@code i}. */
    public static int swinDim(ModelConfig c, int stage) {
        return c.embedDim() << stage;
    }

    /** Swin: tokens per side in stage {@code i}. */
    public static int swinResolution(ModelConfig c, int stage) {
        return c.gridSize() >> stage;
    }

    /** Swin: window side in stage {@code i}, clamped to the resolution as timm does. */
    public static int swinWindow(ModelConfig c, int stage) {
        return Math.min(c.windowSize(), swinResolution(c, stage));
    }

    /** Tokens before the patch tokens: class token, and distillation token for distilled DeiT. */
    public static int prefixTokens(ModelConfig c) {
        return c.family() == ArchitectureFamily.DEIT_DISTILLED ? 2 : 1;
    }

    /**
     * Tensors an architecture may hold besides {@link #expected}: Swin's patch-merging reduction
     * has no bias in timm, but a reparameterization that shifts its input (RepQ-ViT's LayerNorm
     * reparameterization) adds one, {@code layers.N.downsample.reduction.bias} {@code [dim]}.
     */
    public static Map<String, int[]> optional(ModelConfig c) {
        Map<String, int[]> m = new LinkedHashMap<>();
        if (c.family() == ArchitectureFamily.SWIN) {
            for (int i = 1; i < c.depths().size(); i++) {
                m.put("layers." + i + ".downsample.reduction.bias", new int[] {swinDim(c, i)});
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every tensor the architecture needs, in timm's module order, with its shape. */
    public static Map<String, int[]> expected(ModelConfig c) {
        Map<String, int[]> m = new LinkedHashMap<>();
        if (c.family() == ArchitectureFamily.SWIN) {
            swin(c, m);
        } else {
            vit(c, m);
        }
        return Collections.unmodifiableMap(m);
    }

    private static void vit(ModelConfig c, Map<String, int[]> m) {
        int d = c.embedDim();
        int p = c.patchSize();
        int tokens = c.gridSize() * c.gridSize() + prefixTokens(c);
        m.put("cls_token", new int[] {1, 1, d});
        if (c.family() == ArchitectureFamily.DEIT_DISTILLED) {
            m.put("dist_token", new int[] {1, 1, d});
        }
        m.put("pos_embed", new int[] {1, tokens, d});
        m.put("patch_embed.proj.weight", new int[] {d, c.inChannels(), p, p});
        m.put("patch_embed.proj.bias", new int[] {d});
        for (int i = 0; i < c.depth(); i++) {
            block(c, m, "blocks." + i + ".", d, false, 0);
        }
        String norm = isAvgPool(c) ? "fc_norm" : "norm";
        m.put(norm + ".weight", new int[] {d});
        m.put(norm + ".bias", new int[] {d});
        if (c.numClasses() > 0) {
            m.put("head.weight", new int[] {c.numClasses(), d});
            m.put("head.bias", new int[] {c.numClasses()});
            if (c.family() == ArchitectureFamily.DEIT_DISTILLED) {
                m.put("head_dist.weight", new int[] {c.numClasses(), d});
                m.put("head_dist.bias", new int[] {c.numClasses()});
            }
        }
    }

    /** ViT/DeiT with {@code globalPool = "avg"}: timm then replaces the final norm by {@code fc_norm} after pooling. */
    public static boolean isAvgPool(ModelConfig c) {
        return "avg".equals(c.globalPool());
    }

    private static void block(ModelConfig c, Map<String, int[]> m, String s, int d, boolean swin, int swinStage) {
        int h = hidden(c, d);
        m.put(s + "norm1.weight", new int[] {d});
        m.put(s + "norm1.bias", new int[] {d});
        if (swin) {
            int w = swinWindow(c, swinStage);
            m.put(s + "attn.relative_position_bias_table",
                    new int[] {(2 * w - 1) * (2 * w - 1), c.heads().get(swinStage)});
        }
        m.put(s + "attn.qkv.weight", new int[] {3 * d, d});
        if (c.qkvBias()) {
            m.put(s + "attn.qkv.bias", new int[] {3 * d});
        }
        m.put(s + "attn.proj.weight", new int[] {d, d});
        m.put(s + "attn.proj.bias", new int[] {d});
        m.put(s + "norm2.weight", new int[] {d});
        m.put(s + "norm2.bias", new int[] {d});
        m.put(s + "mlp.fc1.weight", new int[] {h, d});
        m.put(s + "mlp.fc1.bias", new int[] {h});
        m.put(s + "mlp.fc2.weight", new int[] {d, h});
        m.put(s + "mlp.fc2.bias", new int[] {d});
    }

    private static void swin(ModelConfig c, Map<String, int[]> m) {
        int d0 = c.embedDim();
        int p = c.patchSize();
        m.put("patch_embed.proj.weight", new int[] {d0, c.inChannels(), p, p});
        m.put("patch_embed.proj.bias", new int[] {d0});
        m.put("patch_embed.norm.weight", new int[] {d0});
        m.put("patch_embed.norm.bias", new int[] {d0});
        for (int i = 0; i < c.depths().size(); i++) {
            int d = swinDim(c, i);
            if (i > 0) {
                int prev = swinDim(c, i - 1);
                String s = "layers." + i + ".downsample.";
                m.put(s + "norm.weight", new int[] {4 * prev});
                m.put(s + "norm.bias", new int[] {4 * prev});
                m.put(s + "reduction.weight", new int[] {d, 4 * prev});
            }
            for (int j = 0; j < c.depths().get(i); j++) {
                block(c, m, "layers." + i + ".blocks." + j + ".", d, true, i);
            }
        }
        int last = swinDim(c, c.depths().size() - 1);
        m.put("norm.weight", new int[] {last});
        m.put("norm.bias", new int[] {last});
        if (c.numClasses() > 0) {
            m.put("head.fc.weight", new int[] {c.numClasses(), last});
            m.put("head.fc.bias", new int[] {c.numClasses()});
        }
    }

    /**
     * Checks that {@code model} holds exactly the tensors its architecture needs (and possibly the
     * {@link #optional} ones), with the right shapes, and that the geometry is executable.
     *
     * @throws IllegalArgumentException naming every missing, mis-shaped and unexpected tensor
     */
    public static void validate(VisionModel model) {
        ModelConfig c = model.config();
        List<String> problems = new ArrayList<>();
        geometry(c, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(c.architecture() + ": " + String.join("; ", problems));
        }
        Map<String, int[]> expected = expected(c);
        Map<String, Tensor> weights = model.weights();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t == null) {
                problems.add("missing " + e.getKey());
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        Map<String, int[]> optional = optional(c);
        for (Map.Entry<String, int[]> e : optional.entrySet()) {
            Tensor t = weights.get(e.getKey());
            if (t != null && !Arrays.equals(t.shape(), e.getValue())) {
                problems.add(e.getKey() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        boolean oldSwinLayout = false;
        for (String key : weights.keySet()) {
            if (!expected.containsKey(key) && !optional.containsKey(key) && !IGNORED.matcher(key).matches()) {
                problems.add("unexpected " + key);
                oldSwinLayout |= key.startsWith("layers.0.downsample.");
            }
        }
        if (oldSwinLayout) {
            problems.add("(the checkpoint looks like timm < 0.9's Swin layout, with patch merging at the end"
                    + " of each stage: rename layers.N.downsample to layers.N+1.downsample)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(c.architecture() + ": " + String.join("; ", problems));
        }
    }

    private static void geometry(ModelConfig c, List<String> problems) {
        if (c.family() != ArchitectureFamily.SWIN) {
            if (!isAvgPool(c) && !"token".equals(c.globalPool())) {
                problems.add("global pool '" + c.globalPool() + "' is not supported (token or avg)");
            }
            return;
        }
        int stages = c.depths().size();
        for (int i = 0; i < stages; i++) {
            int r = swinResolution(c, i);
            if (r <= 0 || (i > 0 && swinResolution(c, i - 1) % 2 != 0)) {
                problems.add("stage " + i + " resolution is not an even split of " + c.gridSize());
            } else if (r % swinWindow(c, i) != 0) {
                problems.add("stage " + i + " resolution " + r + " is not a multiple of window " + swinWindow(c, i));
            }
            if (swinDim(c, i) % c.heads().get(i) != 0) {
                problems.add("stage " + i + " width " + swinDim(c, i) + " is not divisible by " + c.heads().get(i) + " heads");
            }
        }
    }
}
