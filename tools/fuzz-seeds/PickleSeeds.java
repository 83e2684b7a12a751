import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Seeds for PickleFuzzTest: pickles as {@code torch.save} writes them for a state dict (protocol 2,
 * OrderedDict, {@code _rebuild_tensor_v2} with a persistent storage id), a wrapped state dict,
 * protocol 4 framing and containers, and a refused global; for TorchZipFuzzTest the same state
 * dicts and strided views over its two fixed storages.
 */
final class PickleSeeds {
    private PickleSeeds() {
    }

    static void generate(Path root) throws IOException {
        Path d = Seeds.dir(root, "plugins/loader-timm", "io.qvit.plugins.loader.timm", "PickleFuzzTest", "pickle");
        Path pth = Seeds.dir(root, "plugins/loader-timm", "io.qvit.plugins.loader.timm", "TorchZipFuzzTest", "pth");
        Seeds.write(pth, "state-dict-proto2", stateDict(2, false));
        Seeds.write(pth, "state-dict-wrapped-proto4", stateDict(4, true));
        Seeds.write(pth, "strided-view", stridedView());
        Seeds.write(d, "state-dict-proto2", stateDict(2, false));
        Seeds.write(d, "state-dict-wrapped-proto4", stateDict(4, true));
        P p = new P().proto(4).frame(0);
        p.op('}').op(0x94).op('(');
        p.shortUnicode("list").op(']').op(0x94).op('(').op('K', 1).op('M', 0x34, 0x12).op('J', 1, 0, 0, 0x80)
                .op(0x8a, 2, 0xff, 0x7f).op('e');
        p.shortUnicode("tuple").op('K', 1).op('N').op(0x88).op(0x87);
        p.shortUnicode("float").op('G', 0x3f, 0xf0, 0, 0, 0, 0, 0, 0);
        p.shortUnicode("bytes").op('C', 3, 1, 2, 3);
        p.shortUnicode("set").op(0x8f).op('(').op('K', 7).op(0x90);
        p.shortUnicode("memo").op('h', 1);
        p.op('u').op('.');
        Seeds.write(d, "containers-proto4", p.bytes());
        Seeds.write(d, "refused-global", new P().proto(2).global("os", "system").shortUnicode("true")
                .op(0x85).op('R').op('.').bytes());
    }

    /** A transposed 3x2 view of storage 0 and a broadcast (zero-stride) view of storage 1. */
    private static byte[] stridedView() {
        P p = new P().proto(2).op('}').op('(');
        tensor(p, "t", "FloatStorage", "0", 6, new int[] {3, 2}, new int[] {1, 3});
        tensor(p, "b", "HalfStorage", "1", 4, new int[] {3, 4}, new int[] {0, 1});
        return p.op('u').op('.').bytes();
    }

    private static byte[] stateDict(int proto, boolean wrapped) {
        P p = new P().proto(proto);
        if (wrapped) {
            p.op('}').op('q', 0).shortUnicode("model");
        }
        p.global("collections", "OrderedDict").op(')').op('R').op('q', 1).op('(');
        tensor(p, "blocks.0.norm1.weight", "FloatStorage", "0", 6, new int[] {2, 3}, new int[] {3, 1});
        tensor(p, "head.bias", "HalfStorage", "1", 4, new int[] {4}, new int[] {1});
        p.op('u');
        if (wrapped) {
            p.op('s');
        }
        return p.op('.').bytes();
    }

    private static void tensor(P p, String key, String storage, String storageKey, int numel, int[] size, int[] stride) {
        p.shortUnicode(key).global("torch._utils", "_rebuild_tensor_v2").op('(');
        p.op('(').shortUnicode("storage").global("torch", storage).shortUnicode(storageKey).shortUnicode("cpu")
                .op('K', numel).op('t').op('Q');
        p.op('K', 0);
        p.op('(');
        for (int s : size) {
            p.op('K', s);
        }
        p.op('t').op('(');
        for (int s : stride) {
            p.op('K', s);
        }
        p.op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
    }

    /** A tiny pickle assembler. */
    private static final class P {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        P op(int code, int... operands) {
            out.write(code);
            for (int b : operands) {
                out.write(b);
            }
            return this;
        }

        P proto(int v) {
            return op(0x80, v);
        }

        P frame(long len) {
            return op(0x95, (int) len, 0, 0, 0, 0, 0, 0, 0);
        }

        P shortUnicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op(0x8c, b.length);
            out.writeBytes(b);
            return this;
        }

        P global(String module, String name) {
            out.write('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
