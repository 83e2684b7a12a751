package io.qvit.plugins.loader.timm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ModelFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: pickles built to exhaust the stack or the clock (self-referencing containers, a tuple
 * nested a million deep, a shared tuple graph of 2^100 paths used as a dict key) fail with one
 * bounded line naming the file, in linear time.
 */
class HostilePickleTest {
    @TempDir
    Path dir;

    private final TimmModelLoader loader = new TimmModelLoader();

    /** A protocol-2 pickle assembled byte by byte. */
    private static final class Raw {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Raw() {
            op(0x80).op(2);
        }

        Raw op(int b) {
            out.write(b);
            return this;
        }

        Raw repeat(int b, int n) {
            for (int i = 0; i < n; i++) {
                out.write(b);
            }
            return this;
        }

        Raw put(int memo) {
            return op('r').le(memo);
        }

        Raw get(int memo) {
            return op('j').le(memo);
        }

        Raw str(String s) {
            op('X').le(s.length());
            out.writeBytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return this;
        }

        Raw global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return this;
        }

        private Raw le(int v) {
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        byte[] stop() {
            op('.');
            return out.toByteArray();
        }
    }

    private Path checkpoint(String name, byte[] pickle) throws Exception {
        return new TorchZipWriter("archive").pickle(pickle).floatStorage("0", ByteOrder.LITTLE_ENDIAN, 1f)
                .write(dir.resolve(name));
    }

    private ModelFormatException refused(Path f) {
        ModelFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ModelFormatException.class, () -> loader.load(f, "deit_tiny_patch16_224")));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().length() < 1000, "message of " + e.getMessage().length() + " characters");
        return e;
    }

    @Test
    void tupleAndListThatContainEachOtherInAMessage() throws Exception {
        // L = [], T = (L,), L.append(T); then _rebuild_tensor_v2(storage, 0, T, (1,), False, OrderedDict())
        Raw p = new Raw();
        p.op('}').put(0).op('(').str("w");
        p.global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").op('K').op(1).op('t').op('Q');
        p.op('K').op(0);
        p.op(']').put(1).op(0x85).put(2).get(1).get(2).op('a').op('0'); // T on the stack, L holds T
        p.op('K').op(1).op(0x85).op(0x89);
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('t').op('R').op('u');
        Path f = checkpoint("cycle-message.pth", p.stop());
        ModelFormatException e = refused(f);
        assertTrue(e.getMessage().contains("_rebuild_tensor_v2: bad size"), e.getMessage());
    }

    @Test
    void selfReferencingListIsRefused() throws Exception {
        Raw p = new Raw();
        p.op('}').put(0).str("w").op(']').put(1).get(1).op('a').op('s');
        Path f = checkpoint("self-list.pth", p.stop());
        assertTrue(refused(f).getMessage().contains("a list contains itself"));
    }

    @Test
    void selfReferencingListInASetIsRefused() throws Exception {
        Raw p = new Raw();
        p.op('}').put(0).str("w").global("builtins", "set");
        p.op(']').put(1).op(']').put(2).get(2).op('a').op('a').op(0x85).op('R').op('s');
        Path f = checkpoint("self-set.pth", p.stop());
        assertTrue(refused(f).getMessage().contains("not hashable"));
    }

    @Test
    void tupleNestedAMillionDeepAsADictKeyIsRefused() throws Exception {
        Raw p = new Raw();
        p.op('}').op(')').repeat(0x85, 1_000_000).op('K').op(1).op('s');
        Path f = checkpoint("deep-tuple.pth", p.stop());
        ModelFormatException e = refused(f);
        assertTrue(e.getMessage().contains("nested more than 1000 deep"), e.getMessage());
        assertTrue(e.getMessage().contains("qvit.limits.pickleDepth"), e.getMessage());
    }

    @Test
    void listNestedDeeperThanTheLimitIsRefused() throws Exception {
        Raw p = new Raw();
        p.op('}').str("w").repeat(']', 2000).repeat('a', 1999).op('s');
        Path f = checkpoint("deep-list.pth", p.stop());
        assertTrue(refused(f).getMessage().contains("nested more than 1000 deep"));
        String old = System.setProperty(LoaderLimits.PICKLE_DEPTH, "3000");
        try {
            assertTrue(refused(f).getMessage().contains("state dict entry 'w' is not a tensor"));
        } finally {
            HostileCheckpointTest.restore(LoaderLimits.PICKLE_DEPTH, old);
        }
    }

    @Test
    void sharedTupleGraphAsADictKeyIsLinear() throws Exception {
        // t0 = (); t(i+1) = (t(i), t(i)): 101 tuples, 2^100 paths; {t100: 1}
        Raw p = new Raw();
        p.op('}').op(')').put(0);
        for (int i = 0; i < 100; i++) {
            p.op('0').get(i).get(i).op(0x86).put(i + 1);
        }
        p.op('K').op(1).op('s');
        Path f = checkpoint("dag-key.pth", p.stop());
        ModelFormatException e = refused(f);
        assertTrue(e.getMessage().contains("state dict key ((((("), e.getMessage());
    }
}
