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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();

    private static final float[] TWELVE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

    /** {"model": OrderedDict(module.a, module.at (transposed view), module.b (offset+stride), module.h (half)), "epoch": 300}. */
    private static byte[] wrappedStateDict(int protocol) {
        PickleWriter p = new PickleWriter(protocol);
        p.op('}').memo().mark();
        p.str("model").emptyOrderedDict().mark();
        p.tensor("module.a", "FloatStorage", "0", 12, 0, new long[] {3, 4}, new long[] {4, 1});
        p.tensor("module.at", "FloatStorage", "0", 12, 0, new long[] {4, 3}, new long[] {1, 4});
        p.tensor("module.b", "FloatStorage", "0", 12, 5, new long[] {2}, new long[] {3});
        p.tensor("module.c4", "FloatStorage", "0", 12, 0, new long[] {1, 2, 2, 3}, new long[] {12, 1, 6, 2});
        p.tensor("module.h", "HalfStorage", "1", 3, 0, new long[] {3}, new long[] {1});
        p.op('u');
        // state_dict()._metadata, restored by BUILD and dropped by the reader
        p.op('}').memo().str("_metadata").emptyOrderedDict().op('s').op('b');
        p.str("epoch").integer(300);
        p.op('u');
        return p.stop();
    }

    private static byte[] halfStorage() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x3800); // 1, -2, 0.5
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 5})
    void roundTripWithViewsWrapperPrefixAndHalf(int protocol) throws Exception {
        Path f = new TorchZipWriter("archive").pickle(wrappedStateDict(protocol)).byteorder("little")
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, TWELVE).storage("1", halfStorage())
                .write(dir.resolve("ckpt.pth"));
        VisionModel m = loader.load(f, "deit_tiny_patch16_224");
        assertEquals(List.of("a", "at", "b", "c4", "h"), List.copyOf(m.weights().keySet()));
        assertArrayEquals(new int[] {3, 4}, m.weight("a").shape());
        assertArrayEquals(TWELVE, m.weight("a").data());
        assertArrayEquals(new int[] {4, 3}, m.weight("at").shape());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, m.weight("at").data());
        assertArrayEquals(new float[] {5, 8}, m.weight("b").data());
        // size (1,2,2,3) stride (12,1,6,2): element [0,i,j,k] = 1*i + 6*j + 2*k
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11}, m.weight("c4").data());
        assertArrayEquals(new float[] {1, -2, 0.5f}, m.weight("h").data());
        assertEquals("pth", m.metadata().get(TimmModelLoader.FORMAT_KEY));
        assertEquals(192, m.config().embedDim());
    }

    @Test
    void viewsOfOneStorageDoNotShareArrays() throws Exception {
        Path f = new TorchZipWriter("x").pickle(wrappedStateDict(2))
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, TWELVE).storage("1", halfStorage())
                .write(dir.resolve("shared.pt"));
        VisionModel m = loader.load(f, "vit_tiny_patch16_224");
        m.weight("a").data()[5] = 99f;
        assertArrayEquals(new float[] {5, 8}, m.weight("b").data());
    }

    @Test
    void bigEndianStorages() throws Exception {
        PickleWriter p = new PickleWriter(2);
        p.emptyOrderedDict().mark();
        p.tensor("w", "FloatStorage", "0", 3, 0, new long[] {3}, new long[] {1});
        p.op('u');
        Path f = new TorchZipWriter("archive").pickle(p.stop()).byteorder("big")
                .floatStorage("0", ByteOrder.BIG_ENDIAN, 1.5f, -3f, 1e10f).write(dir.resolve("be.pth"));
        assertArrayEquals(new float[] {1.5f, -3f, 1e10f}, loader.load(f, "vit_tiny_patch16_224").weight("w").data());
    }

    @Test
    void unknownGlobalIsRefusedNamingIt() throws Exception {
        // the classic payload: os.system("echo pwned")
        PickleWriter p = new PickleWriter(2);
        p.global("os", "system").str("echo pwned").tupleOf(1).op('R');
        Path f = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("evil.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("evil.pth") && e.getMessage().contains("'os.system'")
                && e.getMessage().contains("allow-list"), e.getMessage());
    }

    @Test
    void unknownStackGlobalIsRefused() throws Exception {
        PickleWriter p = new PickleWriter(4);
        p.global("builtins", "eval").str("1+1").tupleOf(1).op('R');
        Path f = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("eval.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'builtins.eval'"), e.getMessage());
    }

    @Test
    void legacyFormatIsRefusedWithAdvice() throws Exception {
        Path f = Files.write(dir.resolve("old.pth"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc});
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("old.pth") && e.getMessage().contains("torch >= 1.6"), e.getMessage());
    }

    @Test
    void viewPastItsStorageIsRejected() throws Exception {
        PickleWriter p = new PickleWriter(2);
        p.emptyOrderedDict().mark();
        p.tensor("blocks.0.attn.qkv.weight", "FloatStorage", "0", 12, 4, new long[] {3, 4}, new long[] {4, 1});
        p.op('u');
        Path f = new TorchZipWriter("archive").pickle(p.stop())
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, TWELVE).write(dir.resolve("oob.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'blocks.0.attn.qkv.weight'"), e.getMessage());
    }

    @Test
    void storageOfWrongSizeIsRejected() throws Exception {
        PickleWriter p = new PickleWriter(2);
        p.emptyOrderedDict().mark();
        p.tensor("w", "FloatStorage", "7", 12, 0, new long[] {12}, new long[] {1});
        p.op('u');
        Path f = new TorchZipWriter("archive").pickle(p.stop())
                .floatStorage("7", ByteOrder.LITTLE_ENDIAN, 1, 2, 3).write(dir.resolve("short.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("archive/data/7") && e.getMessage().contains("48"), e.getMessage());
        Path missing = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("missing.pth"));
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> loader.load(missing, "vit_tiny_patch16_224"));
        assertTrue(m.getMessage().contains("'7'"), m.getMessage());
    }

    @Test
    void nonTensorEntryIsRejectedNamingTheKey() throws Exception {
        PickleWriter p = new PickleWriter(2);
        p.op('}').mark().str("epoch").integer(300).str("best_acc").integer(81).op('u');
        Path f = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("meta.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'epoch'") && e.getMessage().contains("not a tensor"), e.getMessage());
    }

    @Test
    void truncatedOrCorruptPicklesAreRejected() throws Exception {
        byte[] full = wrappedStateDict(2);
        Path cut = new TorchZipWriter("archive").pickle(Arrays.copyOf(full, full.length / 2))
                .floatStorage("0", ByteOrder.LITTLE_ENDIAN, TWELVE).storage("1", halfStorage()).write(dir.resolve("cut.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(cut, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("cut.pth") && e.getMessage().contains("archive/data.pkl"), e.getMessage());
        PickleWriter p = new PickleWriter(2);
        p.op('}').op('h').op(42); // BINGET of a memo slot never stored
        Path memo = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("memo.pth"));
        ModelFormatException m = assertThrows(ModelFormatException.class, () -> loader.load(memo, "vit_tiny_patch16_224"));
        assertTrue(m.getMessage().contains("memo key 42"), m.getMessage());
        PickleWriter text = new PickleWriter(2);
        text.op('I'); // a protocol-0 opcode
        Path t = new TorchZipWriter("archive").pickle(text.stop()).write(dir.resolve("text.pth"));
        ModelFormatException te = assertThrows(ModelFormatException.class, () -> loader.load(t, "vit_tiny_patch16_224"));
        assertTrue(te.getMessage().contains("opcode 0x49"), te.getMessage());
    }

    @Test
    void zipWithoutDataPklIsRejected() throws Exception {
        Path f = new TorchZipWriter("archive").entry("readme.txt", new byte[] {1}).write(dir.resolve("nopkl.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("data.pkl"), e.getMessage());
    }

    @Test
    void storageTypeOutsideTheListIsRefused() throws Exception {
        PickleWriter p = new PickleWriter(2);
        p.emptyOrderedDict().mark();
        p.tensor("w", "ComplexFloatStorage", "0", 1, 0, new long[] {1}, new long[] {1});
        p.op('u');
        Path f = new TorchZipWriter("archive").pickle(p.stop()).write(dir.resolve("complex.pth"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> loader.load(f, "vit_tiny_patch16_224"));
        assertTrue(e.getMessage().contains("'torch.ComplexFloatStorage'"), e.getMessage());
    }
}
