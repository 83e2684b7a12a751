package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import java.util.Map;

/**
 * The DeiT architectures of timm's {@code deit.py}: {@code deit_<size>_patch16_<res>} (a ViT) and
 * {@code deit_<size>_distilled_patch16_<res>} (class and distillation tokens). Constructor arguments
 * are timm's (mlp ratio 4, qkv bias, LayerNorm eps 1e-6). Preprocessing is the DeiT paper's: ImageNet
 * mean/std, bicubic, crop 0.875 at 224 (resize 256) and 1.0 at 384. timm's own pretrained config says
 * crop 0.9 at 224; the DeiT evaluation protocol and this project's reference data use 0.875. timm
 * defines only the base size at 384; tiny and small at 384 follow the same pattern.
 */
final class DeitFamily {
    private DeitFamily() {
    }

    /** Adds every DeiT name to {@code registry}. */
    static void register(Map<String, ModelConfig> registry) {
        Object[][] sizes = {{"tiny", 192, 12, 3}, {"small", 384, 12, 6}, {"base", 768, 12, 12}};
        for (Object[] s : sizes) {
            for (int res : new int[] {224, 384}) {
                Preprocessing pre = res == 224 ? Preprocessing.imagenetDefault(res)
                        : new Preprocessing(res, 1.0, "bicubic", Preprocessing.imagenetDefault(res).mean(),
                                Preprocessing.imagenetDefault(res).std());
                String plain = "deit_" + s[0] + "_patch16_" + res;
                registry.put(plain, VitFamily.vit(plain, ArchitectureFamily.VIT, res, 16, (int) s[1], (int) s[2],
                        (int) s[3], pre));
                String distilled = "deit_" + s[0] + "_distilled_patch16_" + res;
                registry.put(distilled, VitFamily.vit(distilled, ArchitectureFamily.DEIT_DISTILLED, res, 16,
                        (int) s[1], (int) s[2], (int) s[3], pre));
            }
        }
    }
}
