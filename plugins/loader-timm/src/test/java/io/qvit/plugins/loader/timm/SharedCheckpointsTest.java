package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Loads the real checkpoints and the golden micro models of the shared data folder in place
 * ({@code $QVIT_SHARED}, set by surefire to {@code ../shared}); skipped when it is absent.
 */
class SharedCheckpointsTest {
    private final TimmModelLoader loader = new TimmModelLoader();

    private static Path shared(String relative) {
        String root = System.getenv("QVIT_SHARED");
        Assumptions.assumeTrue(root != null, "QVIT_SHARED is not set: skipping tests on the shared checkpoints");
        Path p = Path.of(root).resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared file " + p + " is absent: skipping");
        return p;
    }

    private static long parameters(VisionModel m) {
        return m.weights().values().stream().mapToLong(Tensor::size).sum();
    }

    @Test
    void deitTiny() throws Exception {
        VisionModel m = loader.load(shared("data/models/deit_tiny_patch16_224.safetensors"), null);
        ModelConfig c = m.config();
        assertEquals("deit_tiny_patch16_224", c.architecture());
        assertEquals(ArchitectureFamily.VIT, c.family());
        assertEquals(192, c.embedDim());
        assertEquals(12, c.depth());
        assertEquals(3, c.numHeads());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(List.of(0.485, 0.456, 0.406), c.preprocessing().mean());
        assertEquals(List.of(0.229, 0.224, 0.225), c.preprocessing().std());
        assertEquals(0.875, c.preprocessing().cropPct());
        assertEquals(256, c.preprocessing().resizeSize());
        assertEquals("bicubic", c.preprocessing().interpolation());
        assertEquals(152, m.weights().size());
        assertEquals(5_717_416L, parameters(m));
        assertArrayEquals(new int[] {576, 192}, m.weight("blocks.0.attn.qkv.weight").shape());
        assertArrayEquals(new int[] {192, 3, 16, 16}, m.weight("patch_embed.proj.weight").shape());
        assertArrayEquals(new int[] {1, 197, 192}, m.weight("pos_embed").shape());
        assertArrayEquals(new int[] {1000, 192}, m.weight("head.weight").shape());
        // the README documents gamma = 0 exactly at blocks.0.norm2 channel 189
        assertEquals(0f, m.weight("blocks.0.norm2.weight").data()[189]);
        assertEquals(0f, m.weight("blocks.1.norm1.weight").data()[131]);
        assertEquals("deit_tiny_patch16_224", m.metadata().get("arch"));
    }

    @Test
    void vitTiny() throws Exception {
        VisionModel m = loader.load(shared("data/models/vit_tiny_patch16_224.safetensors"), null);
        ModelConfig c = m.config();
        assertEquals("vit_tiny_patch16_224", c.architecture());
        assertEquals(192, c.embedDim());
        assertEquals(List.of(0.5, 0.5, 0.5), c.preprocessing().mean());
        assertEquals(List.of(0.5, 0.5, 0.5), c.preprocessing().std());
        assertEquals(0.9, c.preprocessing().cropPct());
        assertEquals(248, c.preprocessing().resizeSize());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(152, m.weights().size());
        assertArrayEquals(new int[] {768, 192}, m.weight("blocks.11.mlp.fc1.weight").shape());
        assertArrayEquals(new int[] {1, 1, 192}, m.weight("cls_token").shape());
    }

    @Test
    void vitMicroGolden() throws Exception {
        VisionModel m = loader.load(shared("golden/vit_micro.weights.safetensors"), null);
        ModelConfig c = m.config();
        assertEquals(ArchitectureFamily.VIT, c.family());
        assertEquals(64, c.imageSize());
        assertEquals(96, c.embedDim());
        assertEquals(3, c.depth());
        assertEquals(3, c.numHeads());
        assertEquals(10, c.numClasses());
        assertEquals(64, c.preprocessing().inputSize());
        assertEquals(44, m.weights().size());
        assertArrayEquals(new int[] {1, 17, 96}, m.weight("pos_embed").shape());
        assertEquals(c.gridSize() * c.gridSize() + 1, m.weight("pos_embed").dim(1));
    }

    @Test
    void deitMicroDistilledGolden() throws Exception {
        VisionModel m = loader.load(shared("golden/deit_micro_distilled.weights.safetensors"), null);
        ModelConfig c = m.config();
        assertEquals(ArchitectureFamily.DEIT_DISTILLED, c.family());
        assertEquals(2, c.depth());
        assertEquals(96, c.embedDim());
        assertEquals(10, c.numClasses());
        assertEquals(35, m.weights().size());
        assertArrayEquals(new int[] {1, 18, 96}, m.weight("pos_embed").shape());
        assertArrayEquals(new int[] {1, 1, 96}, m.weight("dist_token").shape());
    }

    @Test
    void swinMicroGolden() throws Exception {
        VisionModel m = loader.load(shared("golden/swin_micro.weights.safetensors"), null);
        ModelConfig c = m.config();
        assertEquals(ArchitectureFamily.SWIN, c.family());
        assertEquals(112, c.imageSize());
        assertEquals(4, c.patchSize());
        assertEquals(7, c.windowSize());
        assertEquals(32, c.embedDim());
        assertEquals(List.of(2, 2, 2), c.depths());
        assertEquals(List.of(2, 4, 8), c.heads());
        assertEquals(10, c.numClasses());
        assertEquals(1e-5, c.layerNormEps());
        assertEquals(92, m.weights().size());
        assertArrayEquals(new int[] {32, 3, 4, 4}, m.weight("patch_embed.proj.weight").shape());
    }
}
