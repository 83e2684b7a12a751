package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimmArchitecturesTest {

    @Test
    void vitTinyMatchesTimmAndAugregPreprocessing() {
        ModelConfig c = TimmArchitectures.config("vit_tiny_patch16_224");
        assertEquals(ArchitectureFamily.VIT, c.family());
        assertEquals(192, c.embedDim());
        assertEquals(12, c.depth());
        assertEquals(3, c.numHeads());
        assertEquals(4.0, c.mlpRatio());
        assertTrue(c.qkvBias());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals("token", c.globalPool());
        assertEquals(1000, c.numClasses());
        assertEquals(List.of(0.5, 0.5, 0.5), c.preprocessing().mean());
        assertEquals(List.of(0.5, 0.5, 0.5), c.preprocessing().std());
        assertEquals(0.9, c.preprocessing().cropPct());
        assertEquals(248, c.preprocessing().resizeSize());
        assertEquals("bicubic", c.preprocessing().interpolation());
    }

    @Test
    void vitSizes() {
        ModelConfig large = TimmArchitectures.config("vit_large_patch32_384");
        assertEquals(1024, large.embedDim());
        assertEquals(24, large.depth());
        assertEquals(16, large.numHeads());
        assertEquals(32, large.patchSize());
        assertEquals(384, large.imageSize());
        assertEquals(12, large.gridSize());
        assertEquals(1.0, large.preprocessing().cropPct());
        assertEquals(768, TimmArchitectures.config("vit_base_patch16_224").embedDim());
        assertEquals(6, TimmArchitectures.config("vit_small_patch32_224").numHeads());
    }

    @Test
    void deitUsesImagenetStatisticsAndCrop0875() {
        ModelConfig c = TimmArchitectures.config("deit_tiny_patch16_224");
        assertEquals(ArchitectureFamily.VIT, c.family());
        assertEquals(List.of(0.485, 0.456, 0.406), c.preprocessing().mean());
        assertEquals(List.of(0.229, 0.224, 0.225), c.preprocessing().std());
        assertEquals(0.875, c.preprocessing().cropPct());
        assertEquals(256, c.preprocessing().resizeSize());
        assertEquals(1e-6, c.layerNormEps());
        ModelConfig d = TimmArchitectures.config("deit_base_distilled_patch16_384");
        assertEquals(ArchitectureFamily.DEIT_DISTILLED, d.family());
        assertEquals(768, d.embedDim());
        assertEquals(12, d.numHeads());
        assertEquals(1.0, d.preprocessing().cropPct());
        assertEquals(384, d.preprocessing().inputSize());
        assertEquals(384, TimmArchitectures.config("deit_small_distilled_patch16_224").embedDim());
    }

    @Test
    void swinUsesPerStageListsAndTorchLayerNormEps() {
        ModelConfig t = TimmArchitectures.config("swin_tiny_patch4_window7_224");
        assertEquals(ArchitectureFamily.SWIN, t.family());
        assertEquals(96, t.embedDim());
        assertEquals(List.of(2, 2, 6, 2), t.depths());
        assertEquals(List.of(3, 6, 12, 24), t.heads());
        assertEquals(7, t.windowSize());
        assertEquals(4, t.patchSize());
        assertEquals(1e-5, t.layerNormEps());
        assertEquals("avg", t.globalPool());
        assertEquals(0.9, t.preprocessing().cropPct());
        ModelConfig l = TimmArchitectures.config("swin_large_patch4_window12_384");
        assertEquals(192, l.embedDim());
        assertEquals(List.of(2, 2, 18, 2), l.depths());
        assertEquals(List.of(6, 12, 24, 48), l.heads());
        assertEquals(12, l.windowSize());
        assertEquals(1.0, l.preprocessing().cropPct());
        assertEquals(128, TimmArchitectures.config("swin_base_patch4_window7_224").embedDim());
    }

    @Test
    void registryHoldsTheExpectedNames() {
        // vit: 3 sizes x 2 patches x 2 res + tiny x 1 patch x 2 res; deit: 3 x 2 x 2; swin: 4 x 2
        assertEquals(14 + 12 + 8, TimmArchitectures.names().size());
        for (String name : TimmArchitectures.names()) {
            assertEquals(name, TimmArchitectures.config(name).architecture());
        }
    }

    @Test
    void pretrainedTagsAreStrippedAndSetHeads() {
        assertEquals(TimmArchitectures.config("vit_tiny_patch16_224"),
                TimmArchitectures.config("vit_tiny_patch16_224.augreg_in21k_ft_in1k"));
        assertEquals(21843, TimmArchitectures.config("vit_base_patch16_224.augreg_in21k").numClasses());
        assertEquals(0, TimmArchitectures.config("vit_base_patch16_224.orig_in21k").numClasses());
        assertEquals(21841, TimmArchitectures.config("swin_base_patch4_window7_224.ms_in22k").numClasses());
        assertEquals(1000, TimmArchitectures.config("deit_tiny_patch16_224.fb_in1k").numClasses());
        assertTrue(TimmArchitectures.isKnown("swin_tiny_patch4_window7_224.ms_in1k"));
    }

    @Test
    void unknownNameListsCloseNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.config("deit_tiny_patch16_244"));
        assertTrue(e.getMessage().contains("deit_tiny_patch16_244"), e.getMessage());
        assertTrue(e.getMessage().contains("deit_tiny_patch16_224"), e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.config("swin_tiny_patch4_window7"));
        assertTrue(s.getMessage().contains("swin_tiny_patch4_window7_224"), s.getMessage());
    }

    @Test
    void metadataConfigOverridesViT() {
        ModelConfig c = TimmArchitectures.fromMetadata(null, Map.of("arch", "vit_tiny_patch16_224",
                "config", "{\"img_size\": 64, \"patch_size\": 16, \"embed_dim\": 96, \"depth\": 3, \"num_heads\": 3, \"num_classes\": 10}"));
        assertEquals("vit_tiny_patch16_224", c.architecture());
        assertEquals(64, c.imageSize());
        assertEquals(4, c.gridSize());
        assertEquals(96, c.embedDim());
        assertEquals(3, c.depth());
        assertEquals(10, c.numClasses());
        assertEquals(64, c.preprocessing().inputSize());
        assertEquals(0.9, c.preprocessing().cropPct());
    }

    @Test
    void metadataConfigOverridesSwinLists() {
        ModelConfig c = TimmArchitectures.fromMetadata(null, Map.of("arch", "swin_tiny_patch4_window7_224",
                "config", "{\"img_size\": 112, \"patch_size\": 4, \"window_size\": 7, \"embed_dim\": 32,"
                        + " \"depths\": [2, 2, 2], \"num_heads\": [2, 4, 8], \"num_classes\": 10}"));
        assertEquals(List.of(2, 2, 2), c.depths());
        assertEquals(List.of(2, 4, 8), c.heads());
        assertEquals(32, c.embedDim());
        assertEquals(112, c.imageSize());
        assertEquals(1e-5, c.layerNormEps());
    }

    @Test
    void architectureArgumentWinsOverMetadataArch() {
        ModelConfig c = TimmArchitectures.fromMetadata("deit_small_patch16_224", Map.of("arch", "vit_tiny_patch16_224"));
        assertEquals("deit_small_patch16_224", c.architecture());
        assertEquals(384, c.embedDim());
    }

    @Test
    void metadataPreprocessingOverridesDefaults() {
        ModelConfig c = TimmArchitectures.fromMetadata(null, Map.of("arch", "deit_tiny_patch16_224",
                "preprocessing", "mean0.5_std0.5_bilinear_crop0.9"));
        assertEquals(List.of(0.5, 0.5, 0.5), c.preprocessing().mean());
        assertEquals("bilinear", c.preprocessing().interpolation());
        assertEquals(0.9, c.preprocessing().cropPct());
        ModelConfig v = TimmArchitectures.fromMetadata(null, Map.of("arch", "vit_tiny_patch16_224",
                "preprocessing", "imagenet_mean_std_bicubic_crop0.875"));
        assertEquals(List.of(0.229, 0.224, 0.225), v.preprocessing().std());
        assertEquals(0.875, v.preprocessing().cropPct());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.fromMetadata(null, Map.of("arch", "vit_tiny_patch16_224",
                        "preprocessing", "imagenet_mean_std_lanczos")));
        assertTrue(e.getMessage().contains("lanczos") && e.getMessage().contains("preprocessing"), e.getMessage());
    }

    @Test
    void unsupportedOrUnknownConstructorArgumentsAreRejected() {
        ModelConfig base = TimmArchitectures.config("vit_tiny_patch16_224");
        IllegalArgumentException layerScale = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.withOverrides(base, Map.of("init_values", 1e-5)));
        assertTrue(layerScale.getMessage().contains("init_values"), layerScale.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.withOverrides(base, Map.of("frobnicate", 1L)));
        assertTrue(unknown.getMessage().contains("frobnicate"), unknown.getMessage());
        IllegalArgumentException swinArg = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.withOverrides(base, Map.of("depths", List.of(2L, 2L))));
        assertTrue(swinArg.getMessage().contains("depths"), swinArg.getMessage());
        IllegalArgumentException badHeads = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.withOverrides(base, Map.of("num_heads", 5L)));
        assertTrue(badHeads.getMessage().contains("heads"), badHeads.getMessage());
        assertEquals(base, TimmArchitectures.withOverrides(base, Map.of("drop_path_rate", 0.1, "class_token", true)));
    }

    @Test
    void missingArchitectureIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TimmArchitectures.fromMetadata(null, Map.of()));
        assertTrue(e.getMessage().contains("arch"), e.getMessage());
    }
}
