package io.qvit.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a plain timm ViT ({@code VisionTransformer} with a class token, pre-norm blocks,
 * qkv bias, LayerNorm eps 1e-6, erf GELU, class-token pooling) and its input normalisation: what
 * {@link SameDiffVit} builds and what a checkpoint's {@code __metadata__} describes.
 *
 * @param imageSize side of the square input
 * @param patchSize side of a patch ({@code imageSize} must be a multiple)
 * @param inChannels input channels (1 for grayscale)
 * @param numClasses classes of the head
 * @param embedDim token width D
 * @param depth number of blocks
 * @param numHeads attention heads (must divide D)
 * @param mlpRatio hidden width of the MLP over D (an integer ratio)
 * @param mean per-channel mean of the normalisation ({@code inChannels} values)
 * @param std per-channel standard deviation of the normalisation
 */
public record VitArchitecture(int imageSize, int patchSize, int inChannels, int numClasses, int embedDim, int depth,
                              int numHeads, int mlpRatio, List<Double> mean, List<Double> std) {
    /** LayerNorm epsilon (timm's ViT). */
    public static final double LAYER_NORM_EPS = 1e-6;
    /** The registered timm name the checkpoint metadata starts from; {@link #timmConfig()} overrides its shape. */
    public static final String BASE_ARCH = "vit_tiny_patch16_224";

    /** Checks the shape. */
    public VitArchitecture {
        if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " is not a positive multiple of patch size " + patchSize);
        }
        if (inChannels <= 0 || numClasses <= 1 || depth <= 0 || mlpRatio <= 0) {
            throw new IllegalArgumentException("channels, classes, depth and mlp ratio must be positive (classes > 1)");
        }
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("embed dim " + embedDim + " is not a positive multiple of the head count " + numHeads);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != inChannels || std.size() != inChannels) {
            throw new IllegalArgumentException("mean and std need " + inChannels + " value(s) each, got " + mean + ", " + std);
        }
    }

    /**
     * The quickstart model for Fashion-MNIST: 28x28 gray input, patch 7 (16 patches + class token),
     * D = 64, 4 blocks of 4 heads, MLP 128; normalised with the training set's mean 0.2860 and std 0.3530.
     */
    public static VitArchitecture fashionMnist() {
        return new VitArchitecture(28, 7, 1, 10, 64, 4, 4, 2, List.of(0.2860), List.of(0.3530));
    }

    /** Patches per side. */
    public int grid() {
        return imageSize / patchSize;
    }

    /** Tokens: patches plus the class token. */
    public int tokens() {
        return grid() * grid() + 1;
    }

    /** Width of one head. */
    public int headDim() {
        return embedDim / numHeads;
    }

    /** MLP hidden width. */
    public int hidden() {
        return embedDim * mlpRatio;
    }

    /** timm constructor arguments ({@code timm.create_model(BASE_ARCH, **args)} builds this model). */
    public Map<String, Object> timmConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("img_size", imageSize);
        m.put("patch_size", patchSize);
        m.put("in_chans", inChannels);
        m.put("num_classes", numClasses);
        m.put("embed_dim", embedDim);
        m.put("depth", depth);
        m.put("num_heads", numHeads);
        m.put("mlp_ratio", (double) mlpRatio);
        return m;
    }

    /**
     * The preprocessing in the compact form qvit checkpoints carry: no resize ({@code crop1.0} at the
     * native size), then {@code (x/255 - mean) / std}.
     */
    public String preprocessingSpec() {
        return "mean" + join(mean) + "_std" + join(std) + "_crop1.0";
    }

    private static String join(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(v.get(i));
        }
        return b.toString();
    }

    /** Parameter names and shapes in timm's state-dict order. */
    public Map<String, long[]> parameterShapes() {
        Map<String, long[]> m = new LinkedHashMap<>();
        long d = embedDim;
        m.put("cls_token", new long[] {1, 1, d});
        m.put("pos_embed", new long[] {1, tokens(), d});
        m.put("patch_embed.proj.weight", new long[] {d, inChannels, patchSize, patchSize});
        m.put("patch_embed.proj.bias", new long[] {d});
        for (int i = 0; i < depth; i++) {
            String b = "blocks." + i + ".";
            m.put(b + "norm1.weight", new long[] {d});
            m.put(b + "norm1.bias", new long[] {d});
            m.put(b + "attn.qkv.weight", new long[] {3 * d, d});
            m.put(b + "attn.qkv.bias", new long[] {3 * d});
            m.put(b + "attn.proj.weight", new long[] {d, d});
            m.put(b + "attn.proj.bias", new long[] {d});
            m.put(b + "norm2.weight", new long[] {d});
            m.put(b + "norm2.bias", new long[] {d});
            m.put(b + "mlp.fc1.weight", new long[] {hidden(), d});
            m.put(b + "mlp.fc1.bias", new long[] {hidden()});
            m.put(b + "mlp.fc2.weight", new long[] {d, hidden()});
            m.put(b + "mlp.fc2.bias", new long[] {d});
        }
        m.put("norm.weight", new long[] {d});
        m.put("norm.bias", new long[] {d});
        m.put("head.weight", new long[] {numClasses, d});
        m.put("head.bias", new long[] {numClasses});
        return m;
    }
}
