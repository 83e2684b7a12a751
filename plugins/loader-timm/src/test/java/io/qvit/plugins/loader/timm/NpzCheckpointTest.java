package io.qvit.plugins.loader.timm;

import static io.qvit.plugins.loader.timm.NpzWriter.dict;
import static io.qvit.plugins.loader.timm.NpzWriter.floats;
import static io.qvit.plugins.loader.timm.NpzWriter.npy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.model.VisionModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpzCheckpointTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    @Test
    void roundTripOfDtypesAndOrders() throws Exception {
        ByteBuffer half = ByteBuffer.allocate(4).order(LE).putShort((short) 0x3c00).putShort((short) 0xb800); // 1, -0.5
        Path f = new NpzWriter()
                .array("c", npy(dict("<f4", false, "(2, 3)"), floats(LE, 0, 1, 2, 3, 4, 5)))
                // column-major storage of [[0, 1, 2], [3, 4, 5]]
                .array("module.f", npy(dict("<f4", true, "(2, 3)"), floats(LE, 0, 3, 1, 4, 2, 5)))
                .array("h", npy(dict("<f2", false, "(2,)"), half.array()))
                .array("d", npy(dict("<f8", false, "(1, 2)"), NpzWriter.doubles(0.25, -1e-3)))
                .array("be", npy(dict(">f4", false, "(2,)"), floats(ByteOrder.BIG_ENDIAN, 1.5f, -3f)))
                .array("scalar", npy(dict("<f4", false, "()"), floats(LE, 7f)))
                .write(dir.resolve("w.npz"));
        VisionModel m = loader.load(f, "vit_tiny_patch16_224");
        assertEquals(List.of("c", "f", "h", "d", "be", "scalar"), List.copyOf(m.weights().keySet()));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.weight("c").data());
        assertArrayEquals(new int[] {2, 3}, m.weight("f").shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, m.weight("f").data());
        assertArrayEquals(new float[] {1f, -0.5f}, m.weight("h").data());
        assertArrayEquals(new float[] {0.25f, (float) -1e-3}, m.weight("d").data());
        assertArrayEquals(new float[] {1.5f, -3f}, m.weight("be").data());
        assertArrayEquals(new int[0], m.weight("scalar").shape());
        assertEquals(7f, m.weight("scalar").data()[0]);
        assertEquals("npz", m.metadata().get(TimmModelLoader.FORMAT_KEY));
    }

    @Test
    void fortranOrderOfRank3() throws Exception {
        // a[i][j][k] = 100i + 10j + k for shape (2, 3, 2), stored column-major (i fastest)
        float[] fortran = new float[12];
        float[] expected = new float[12];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 2; k++) {
                    fortran[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                    expected[i * 6 + j * 2 + k] = 100 * i + 10 * j + k;
                }
            }
        }
        Path f = new NpzWriter().array("t", npy(dict("<f4", true, "(2, 3, 2)"), floats(LE, fortran))).write(dir.resolve("f3.npz"));
        assertArrayEquals(expected, loader.load(f, "vit_tiny_patch16_224").weight("t").data());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'shape': (2,), }",                                  // missing fortran_order
        "{'descr': '<f4', 'fortran_order': false, 'shape': (2,), }",          // not a Python bool
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2), }",           // (2) is not a tuple
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1, }",  // unknown key
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",         // negative dimension
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ",            // unterminated dict
        "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }",           // broken quoting
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", // duplicate key
    })
    void malformedHeadersAreRejected(String header) throws Exception {
        Path f = new NpzWriter().array("blocks.0.norm1.weight", npy(header, floats(LE, 1, 2))).write(dir.resolve("bad.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("bad.npz") && e.getMessage().contains("'blocks.0.norm1.weight'")
                && e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void unsupportedDtypeIsRejected() throws Exception {
        Path f = new NpzWriter().array("idx", npy(dict("<i8", false, "(1,)"), new byte[8])).write(dir.resolve("int.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'idx'") && e.getMessage().contains("<i8"), e.getMessage());
    }

    @Test
    void dataLengthMustMatchShape() throws Exception {
        Path shortData = new NpzWriter().array("w", npy(dict("<f4", false, "(3,)"), floats(LE, 1, 2)))
                .write(dir.resolve("short.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(shortData, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("truncated"), e.getMessage());
        Path longData = new NpzWriter().array("w", npy(dict("<f4", false, "(1,)"), floats(LE, 1, 2)))
                .write(dir.resolve("long.npz"));
        assertThrows(ModelFormatException.class, () -> loader.load(longData, "vit_tiny_patch16_224"));
    }

    @Test
    void headerLengthPastEntryAndBadMagicAreRejected() throws Exception {
        byte[] good = npy(dict("<f4", false, "(1,)"), floats(LE, 1));
        Path cut = new NpzWriter().array("w", Arrays.copyOf(good, 40)).write(dir.resolve("cut.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(cut, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("past the end"), e.getMessage());
        byte[] magic = good.clone();
        magic[1] = 'X';
        Path bad = new NpzWriter().array("w", magic).write(dir.resolve("magic.npz"));
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> loader.load(bad, "vit_tiny_patch16_224"));
        assertTrue(m.getMessage().contains("magic"), m.getMessage());
    }

    @Test
    void nonNpyEntriesAndNonZipFilesAreRejected() throws Exception {
        Path f = new NpzWriter().entry("notes.txt", new byte[] {1}).write(dir.resolve("odd.npz"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        Path raw = java.nio.file.Files.write(dir.resolve("raw.npz"), npy(dict("<f4", false, "(1,)"), floats(LE, 1)));
        assertThrows(ModelFormatException.class, () -> loader.load(raw, "vit_tiny_patch16_224"));
    }
}
