package io.qvit.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff ViT and the qvit runtime compute the same function: a checkpoint written by
 * {@link VitCheckpoint} is read by the timm loader plugin (architecture, in_chans = 1, small image
 * and patch sizes and preprocessing from the metadata alone) and the runtime's logits match
 * SameDiff's within 1e-4. The weights are perturbed away from the initialisation (non-zero biases,
 * LayerNorm gains) so every parameter matters.
 */
class CheckpointParityTest {
    @TempDir
    Path dir;

    private static VitArchitecture small(int channels) {
        List<Double> mean = channels == 1 ? List.of(0.25) : List.of(0.4, 0.5, 0.6);
        List<Double> std = channels == 1 ? List.of(0.5) : List.of(0.2, 0.3, 0.4);
        return new VitArchitecture(12, 4, channels, 5, 16, 2, 2, 2, mean, std);
    }

    @Test
    void runtimeReproducesSameDiffLogitsOnGrayscale() throws Exception {
        check(small(1));
    }

    @Test
    void runtimeReproducesSameDiffLogitsOnRgb() throws Exception {
        check(small(3));
    }

    private void check(VitArchitecture arch) throws Exception {
        SameDiffVit vit = SameDiffVit.initialized(arch, 7);
        SplittableRandom r = new SplittableRandom(3);
        for (INDArray p : vit.parameters().values()) {
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, p.getDouble(i) + 0.2 * (r.nextDouble() - 0.5));
            }
        }
        int b = 3;
        float[] x = new float[b * arch.inChannels() * arch.imageSize() * arch.imageSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        INDArray input = Nd4j.create(x, new long[] {b, arch.inChannels(), arch.imageSize(), arch.imageSize()}, 'c');
        float[] expected = vit.logits(input).dup('c').data().asFloat();

        Path file = dir.resolve("m.safetensors");
        VitCheckpoint.write(file, vit, java.util.Map.of("source", "test"));
        VisionModel model = new TimmModelLoader().load(file, null);
        ModelConfig c = model.config();
        assertEquals(arch.imageSize(), c.imageSize());
        assertEquals(arch.patchSize(), c.patchSize());
        assertEquals(arch.inChannels(), c.inChannels());
        assertEquals(arch.numClasses(), c.numClasses());
        assertEquals(1e-6, c.layerNormEps());
        assertEquals(1.0, c.preprocessing().cropPct());
        assertEquals(arch.mean().get(0), c.preprocessing().mean().get(0), 1e-12);
        Tensor logits = CompiledModel.build(model, new RuntimeOptions(1))
                .forward(Tensor.of(x, b, arch.inChannels(), arch.imageSize(), arch.imageSize()));
        assertArrayEquals(new int[] {b, arch.numClasses()}, logits.shape());
        float max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - logits.data()[i]));
        }
        assertTrue(max < 1e-4, "max |SameDiff - runtime| = " + max);
        assertTrue(Files.size(file) > 0);
    }
}
