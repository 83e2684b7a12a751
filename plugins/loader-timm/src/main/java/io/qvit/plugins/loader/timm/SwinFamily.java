package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import java.util.List;
import java.util.Map;

/**
 * The Swin architectures of timm's {@code swin_transformer.py}:
 * {@code swin_<size>_patch4_window7_224} and {@code swin_<size>_patch4_window12_384} (window 7 only
 * tiles a 56-patch grid, window 12 a 96-patch grid). timm builds Swin with {@code nn.LayerNorm}, so
 * the LayerNorm eps is PyTorch's default 1e-5, unlike ViT's 1e-6; mlp ratio 4, qkv bias, average
 * pooling. Preprocessing is timm's: ImageNet mean/std, bicubic, crop 0.9 at 224 and 1.0 at 384.
 */
final class SwinFamily {
    private SwinFamily() {
    }

    /** Adds every Swin name to {@code registry}. */
    static void register(Map<String, ModelConfig> registry) {
        Object[][] sizes = {
            {"tiny", 96, List.of(2, 2, 6, 2), List.of(3, 6, 12, 24)},
            {"small", 96, List.of(2, 2, 18, 2), List.of(3, 6, 12, 24)},
            {"base", 128, List.of(2, 2, 18, 2), List.of(4, 8, 16, 32)},
            {"large", 192, List.of(2, 2, 18, 2), List.of(6, 12, 24, 48)},
        };
        for (Object[] s : sizes) {
            for (int[] wr : new int[][] {{7, 224}, {12, 384}}) {
                int window = wr[0];
                int res = wr[1];
                String name = "swin_" + s[0] + "_patch4_window" + window + "_" + res;
                Preprocessing im = Preprocessing.imagenetDefault(res);
                Preprocessing pre = new Preprocessing(res, res == 224 ? 0.9 : 1.0, "bicubic", im.mean(), im.std());
                @SuppressWarnings("unchecked")
                List<Integer> depths = (List<Integer>) s[2];
                @SuppressWarnings("unchecked")
                List<Integer> heads = (List<Integer>) s[3];
                registry.put(name, new ModelConfig(name, ArchitectureFamily.SWIN, res, 4, 3, 1000, (int) s[1], 0, 0,
                        4.0, true, 1e-5, "avg", depths, heads, window, pre));
            }
        }
    }
}
