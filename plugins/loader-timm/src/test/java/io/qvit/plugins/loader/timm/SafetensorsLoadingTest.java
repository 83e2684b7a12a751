package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.VisionModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsLoadingTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();

    @Test
    void roundTripKeepsOrderValuesShapesAndMetadata() throws Exception {
        float[] w = {1.5f, -2f, 3.25f, 0f, 1e-8f, -7f};
        Path f = new SafetensorsWriter()
                .metadata("arch", "deit_tiny_patch16_224")
                .metadata("source", "unit test")
                .f32("pos_embed", new float[] {9f, 8f}, 1, 1, 2)
                .f32("head.weight", w, 2, 3)
                .f16("head.bias", new short[] {0x3c00, (short) 0xc000}, 2) // 1.0, -2.0
                .write(dir.resolve("m.safetensors"));
        VisionModel m = loader.load(f, null);
        assertEquals("deit_tiny_patch16_224", m.config().architecture());
        assertEquals(List.of("pos_embed", "head.weight", "head.bias"), List.copyOf(m.weights().keySet()));
        assertArrayEquals(w, m.weight("head.weight").data());
        assertArrayEquals(new int[] {2, 3}, m.weight("head.weight").shape());
        assertArrayEquals(new int[] {1, 1, 2}, m.weight("pos_embed").shape());
        assertArrayEquals(new float[] {1f, -2f}, m.weight("head.bias").data());
        assertEquals("unit test", m.metadata().get("source"));
        assertEquals(f.toAbsolutePath().toString(), m.metadata().get(TimmModelLoader.FILE_KEY));
        assertEquals("safetensors", m.metadata().get(TimmModelLoader.FORMAT_KEY));
    }

    @Test
    void architectureArgumentAndModulePrefix() throws Exception {
        Path f = new SafetensorsWriter()
                .f32("module.cls_token", new float[] {1, 2, 3}, 1, 1, 3)
                .write(dir.resolve("dp.safetensors"));
        VisionModel m = loader.load(f, "vit_small_patch16_224");
        assertEquals(384, m.config().embedDim());
        assertEquals(List.of("cls_token"), List.copyOf(m.weights().keySet()));
    }

    @Test
    void noArchitectureAnywhereIsAFormatErrorNamingTheFile() throws Exception {
        Path f = new SafetensorsWriter().f32("a", new float[] {1}, 1).write(dir.resolve("anon.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, null));
        assertTrue(e.getMessage().contains("anon.safetensors") && e.getMessage().contains("arch"), e.getMessage());
    }

    @Test
    void unknownArchitectureArgumentIsIllegalArgument() throws Exception {
        Path f = new SafetensorsWriter().f32("a", new float[] {1}, 1).write(dir.resolve("x.safetensors"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loader.load(f, "vit_huge_patch16_224"));
        assertTrue(e.getMessage().contains("vit_huge_patch16_224"), e.getMessage());
    }

    @Test
    void badMetadataConfigNamesFileAndKey() throws Exception {
        Path f = new SafetensorsWriter().metadata("arch", "vit_tiny_patch16_224").metadata("config", "{\"depth\": 3,")
                .f32("a", new float[] {1}, 1).write(dir.resolve("cfg.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, null));
        assertTrue(e.getMessage().contains("cfg.safetensors") && e.getMessage().contains("config"), e.getMessage());
    }

    @Test
    void truncatedFileIsRejected() throws Exception {
        byte[] full = new SafetensorsWriter().metadata("arch", "vit_tiny_patch16_224")
                .f32("a", new float[] {1, 2, 3, 4}, 4).bytes();
        Path f = dir.resolve("trunc.safetensors");
        Files.write(f, Arrays.copyOf(full, full.length - 3));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, null));
        assertTrue(e.getMessage().contains("trunc.safetensors") && e.getMessage().contains("'a'"), e.getMessage());
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThrows(ModelFormatException.class, () -> loader.load(tiny, "vit_tiny_patch16_224"));
    }

    @Test
    void headerLongerThanFileIsRejected() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1000).put("{\"a\":1}   ".getBytes());
        Path f = dir.resolve("hdr.safetensors");
        Files.write(f, b.array());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("1000") && e.getMessage().contains("hdr.safetensors"), e.getMessage());
    }

    @Test
    void overlappingTensorsAreRejected() throws Exception {
        Path f = new SafetensorsWriter()
                .entry("a", "F32", new int[] {2}, 0, 8)
                .entry("b", "F32", new int[] {2}, 4, 12)
                .padding(12)
                .write(dir.resolve("overlap.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains("'a'") && e.getMessage().contains("'b'"),
                e.getMessage());
    }

    @Test
    void offsetsOutsideDataAndSizeMismatchAreRejected() throws Exception {
        Path past = new SafetensorsWriter().entry("w", "F32", new int[] {4}, 0, 16).padding(8)
                .write(dir.resolve("past.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(past, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("past the end"), e.getMessage());
        Path mismatch = new SafetensorsWriter().entry("w", "F32", new int[] {3}, 0, 16).padding(16)
                .write(dir.resolve("mismatch.safetensors"));
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> loader.load(mismatch, "vit_tiny_patch16_224"));
        assertTrue(m.getMessage().contains("'w'") && m.getMessage().contains("12"), m.getMessage());
        Path negative = new SafetensorsWriter().entry("w", "F32", new int[] {1}, 8, 4).padding(8)
                .write(dir.resolve("neg.safetensors"));
        assertThrows(ModelFormatException.class, () -> loader.load(negative, "vit_tiny_patch16_224"));
    }

    @Test
    void unknownDtypeIsRejected() throws Exception {
        Path f = new SafetensorsWriter().raw("q", "F8_E4M3", new int[] {4}, new byte[4])
                .write(dir.resolve("fp8.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'q'") && e.getMessage().contains("F8_E4M3"), e.getMessage());
    }

    @Test
    void hugeShapeDoesNotOverflow() throws Exception {
        Path f = new SafetensorsWriter().entry("big", "F32", new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 4}, 0, 16)
                .padding(16).write(dir.resolve("big.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
    }

    @Test
    void metadataMustBeAnObjectOfStrings() throws Exception {
        byte[] header = "{\"__metadata__\":{\"arch\":7}}".getBytes();
        ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        Path f = Files.write(dir.resolve("meta.safetensors"), b.array());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, null));
        assertTrue(e.getMessage().contains("'arch'") && e.getMessage().contains("not a string"), e.getMessage());
    }

    @Test
    void unsupportedExtensionIsRejected() throws Exception {
        Path f = Files.write(dir.resolve("model.onnx"), new byte[16]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("onnx"), e.getMessage());
    }
}
