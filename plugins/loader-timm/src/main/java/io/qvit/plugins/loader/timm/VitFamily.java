package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import java.util.List;
import java.util.Map;

/**
 * The plain ViT architectures of timm's {@code vision_transformer.py}: {@code vit_<size>_patch<p>_<res>}
 * with timm's constructor arguments (mlp ratio 4, qkv bias, LayerNorm eps 1e-6, class-token pooling)
 * and the preprocessing of timm's pretrained configs (Inception mean = std = 0.5, bicubic, crop 0.9
 * at 224 and 1.0 at 384).
 */
final class VitFamily {
    /** Mean and std of the augreg / original Google ViT weights. */
    static final List<Double> INCEPTION_MEAN_STD = List.of(0.5, 0.5, 0.5);

    private VitFamily() {
    }

    /** Adds every ViT name to {@code registry}. */
    static void register(Map<String, ModelConfig> registry) {
        // size -> {embed dim, depth, heads}; timm has no vit_tiny_patch32.
        Object[][] sizes = {
            {"tiny", 192, 12, 3, new int[] {16}},
            {"small", 384, 12, 6, new int[] {16, 32}},
            {"base", 768, 12, 12, new int[] {16, 32}},
            {"large", 1024, 24, 16, new int[] {16, 32}},
        };
        for (Object[] s : sizes) {
            for (int patch : (int[]) s[4]) {
                for (int res : new int[] {224, 384}) {
                    String name = "vit_" + s[0] + "_patch" + patch + "_" + res;
                    registry.put(name, vit(name, ArchitectureFamily.VIT, res, patch, (int) s[1], (int) s[2], (int) s[3],
                            preprocessing(res)));
                }
            }
        }
    }

    /** timm's ViT constructor defaults for the given shape. */
    static ModelConfig vit(String name, ArchitectureFamily family, int res, int patch, int embed, int depth, int heads,
            Preprocessing preprocessing) {
        return new ModelConfig(name, family, res, patch, 3, 1000, embed, depth, heads, 4.0, true, 1e-6, "token",
                List.of(), List.of(), 0, preprocessing);
    }

    private static Preprocessing preprocessing(int res) {
        return new Preprocessing(res, res == 224 ? 0.9 : 1.0, "bicubic", INCEPTION_MEAN_STD, INCEPTION_MEAN_STD);
    }
}
