package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.VisionModel;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue #21: a NaN or an infinity anywhere in the weights is refused at load, naming the tensor. */
class NonFiniteWeightsTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void safetensorsWithOneNonFiniteElementIsRefused(float bad) throws Exception {
        Path f = new SafetensorsWriter().f32("cls_token", new float[] {1, 2}, 1, 2)
                .f32("head.weight", new float[] {0.5f, 1, bad, 2}, 2, 2).write(dir.resolve("bad.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("tensor 'head.weight' holds " + bad + " at element 2"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void npzWithANaNHeadIsRefused() throws Exception {
        Path f = new NpzWriter().array("head.bias", NpzWriter.npy(NpzWriter.dict("<f4", false, "(2,)"),
                NpzWriter.floats(ByteOrder.LITTLE_ENDIAN, Float.NaN, Float.NaN))).write(dir.resolve("nan.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("tensor 'head.bias' holds NaN at element 0"), e.getMessage());
    }

    @Test
    void finiteWeightsStillLoad() throws Exception {
        Path f = new SafetensorsWriter().f32("head.weight", new float[] {-Float.MAX_VALUE, Float.MIN_VALUE}, 2)
                .write(dir.resolve("ok.safetensors"));
        VisionModel m = loader.load(f, "deit_tiny_patch16_224");
        assertEquals(2, m.weights().get("head.weight").data().length);
    }
}
