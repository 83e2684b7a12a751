package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.VisionModel;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #21: checkpoints whose sizes would exhaust memory are refused before anything is
 * allocated, with one line naming the file, the tensor and the limit's system property; 8-bit
 * integer weights are refused naming the tensor and dtype.
 */
class HostileCheckpointTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();

    private static byte[] oneTensorPickle(String storageClass, long storageNumel, long[] size, long[] stride) {
        PickleWriter p = new PickleWriter(2);
        p.emptyOrderedDict().mark();
        p.tensor("blocks.0.attn.qkv.weight", storageClass, "0", storageNumel, 0, size, stride);
        p.op('u');
        return p.stop();
    }

    private static void assertOneLine(Path f, ModelFormatException e, String... fragments) {
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
        }
    }

    @Test
    void zeroStrideViewOfAbsurdSizeIsRefusedBeforeAllocating() throws Exception {
        Path f = new TorchZipWriter("archive")
                .pickle(oneTensorPickle("FloatStorage", 1, new long[] {40000, 40000}, new long[] {0, 0}))
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, 1f).write(dir.resolve("zero-stride.pth"));
        assertTrue(Files.size(f) < 2000);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertOneLine(f, e, "tensor 'blocks.0.attn.qkv.weight'", "[40000, 40000]", "qvit.limits.tensorBytesPerFileByte");
    }

    @Test
    void zeroStrideViewWithinTheFloorStillLoads() throws Exception {
        Path f = new TorchZipWriter("archive")
                .pickle(oneTensorPickle("FloatStorage", 1, new long[] {3, 4}, new long[] {0, 0}))
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, 7f).write(dir.resolve("broadcast.pth"));
        VisionModel m = loader.load(f, "deit_tiny_patch16_224");
        assertEquals(12, m.weights().get("blocks.0.attn.qkv.weight").data().length);
        assertEquals(7f, m.weights().get("blocks.0.attn.qkv.weight").data()[11]);
    }

    @Test
    void storageLargerThanTheFileJustifiesIsRefused() throws Exception {
        // a storage entry that deflates 256 MiB of zeros into a small file
        Path f = dir.resolve("bomb.pth");
        long numel = 64L << 20;
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("archive/data.pkl"));
            zip.write(oneTensorPickle("FloatStorage", numel, new long[] {numel}, new long[] {1}));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("archive/data/0"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 4 * 64; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(f) < (1 << 20), "compressed size " + Files.size(f));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertOneLine(f, e, "storage '0' claims " + numel + " elements", "qvit.limits.tensorBytesPerFileByte");
    }

    @Test
    void npzEntryLargerThanTheLimitIsRefusedBeforeInflating() throws Exception {
        byte[] big = NpzWriter.npy(NpzWriter.dict("<f4", false, "(4096,)"), new byte[4 * 4096]);
        Path f = new NpzWriter().array("pos_embed", big).write(dir.resolve("big.npz"));
        String old = System.setProperty(LoaderLimits.NPZ_ENTRY_BYTES, "1000");
        try {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
            assertOneLine(f, e, "array 'pos_embed'", "declares " + big.length, "limit 1000",
                    "qvit.limits.npzEntryBytes");
        } finally {
            restore(LoaderLimits.NPZ_ENTRY_BYTES, old);
        }
        assertEquals(4096, loader.load(f, "deit_tiny_patch16_224").weights().get("pos_embed").data().length);
    }

    @Test
    void npzZipBombIsRefusedByItsDeclaredSize() throws Exception {
        // a 2 GiB + 64 byte entry would need minutes to write; a 1 GiB limit is the same check at 1/4096 of it
        byte[] bomb = NpzWriter.npy(NpzWriter.dict("<f4", false, "(65536,)"), new byte[4 * 65536]);
        Path f = new NpzWriter().array("head.weight", bomb).write(dir.resolve("bomb.npz"));
        assertTrue(Files.size(f) < 4096);
        String old = System.setProperty(LoaderLimits.NPZ_ENTRY_BYTES, String.valueOf((1L << 30) >> 12));
        try {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
            assertOneLine(f, e, "array 'head.weight'", "refused before inflating");
        } finally {
            restore(LoaderLimits.NPZ_ENTRY_BYTES, old);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"I8", "U8"})
    void int8WeightsInSafetensorsAreRefused(String dtype) throws Exception {
        Path f = new SafetensorsWriter().f32("cls_token", new float[] {1}, 1)
                .raw("blocks.0.mlp.fc1.weight", dtype, new int[] {2, 2}, new byte[] {1, 2, 3, 4})
                .write(dir.resolve("int8.safetensors"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertOneLine(f, e, "tensor 'blocks.0.mlp.fc1.weight' has dtype " + dtype);
    }

    @Test
    void int8WeightsInTorchCheckpointsAreRefused() throws Exception {
        Path f = new TorchZipWriter("archive")
                .pickle(oneTensorPickle("CharStorage", 4, new long[] {2, 2}, new long[] {2, 1}))
                .storage("0", new byte[] {1, 2, 3, 4}).write(dir.resolve("int8.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224"));
        assertOneLine(f, e, "tensor 'blocks.0.attn.qkv.weight' has dtype I8");
    }

    @Test
    void integerIndexBuffersStayAllowed() throws Exception {
        Path f = new SafetensorsWriter().f32("cls_token", new float[] {1}, 1)
                .raw("layers.0.blocks.0.attn.relative_position_index", "U8", new int[] {2}, new byte[] {0, 3})
                .raw("norm.num_batches_tracked", "I8", new int[] {1}, new byte[] {5})
                .raw("layers.0.blocks.1.attn.relative_position_index", "I64", new int[] {1}, new byte[8])
                .write(dir.resolve("buffers.safetensors"));
        VisionModel m = loader.load(f, "deit_tiny_patch16_224");
        assertEquals(3f, m.weights().get("layers.0.blocks.0.attn.relative_position_index").data()[1]);
    }

    static void restore(String property, String old) {
        if (old == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, old);
        }
    }
}
