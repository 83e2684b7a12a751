package io.qvit.plugins.loader.timm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test fixture writer: assembles pickle byte streams opcode by opcode, as Python's pickler emits them. */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean protocol4;

    /** A writer using protocol 2 opcodes, or protocol 4 ones (short strings, STACK_GLOBAL, MEMOIZE, FRAME). */
    PickleWriter(int protocol) {
        this.protocol4 = protocol >= 4;
        op(0x80).op(protocol);
        if (protocol4) {
            op(0x95);
            le(0, 8); // FRAME length hint (readers may ignore it)
        }
    }

    PickleWriter op(int b) {
        out.write(b);
        return this;
    }

    private PickleWriter le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (protocol4 && b.length < 256) {
            op(0x8c).op(b.length);
        } else {
            op('X').le(b.length, 4);
        }
        out.writeBytes(b);
        return memo();
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= 0 && v < 65536) {
            return op('M').le(v, 2);
        }
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            return op('J').le(v, 4);
        }
        return op(0x8a).op(8).le(v, 8);
    }

    PickleWriter global(String module, String name) {
        if (protocol4) {
            str(module).str(name).op(0x93);
        } else {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return memo();
    }

    /** Memoizes the top of the stack the way the protocol does (BINPUT or MEMOIZE); a no-op for the reader's result. */
    private int memoCount;

    PickleWriter memo() {
        if (protocol4) {
            op(0x94);
        } else {
            op('q').op(memoCount & 0xff);
        }
        memoCount++;
        return this;
    }

    /** A tuple of the {@code n} items on top of the stack (TUPLE1-3, or MARK...TUPLE). */
    PickleWriter tupleOf(int n) {
        return switch (n) {
            case 0 -> op(')');
            case 1 -> op(0x85);
            case 2 -> op(0x86);
            case 3 -> op(0x87);
            default -> throw new IllegalArgumentException("use mark() ... op('t') for " + n + " items");
        };
    }

    PickleWriter ints(long... values) {
        if (values.length > 3) {
            mark();
            for (long v : values) {
                integer(v);
            }
            return op('t');
        }
        for (long v : values) {
            integer(v);
        }
        return tupleOf(values.length);
    }

    PickleWriter emptyOrderedDict() {
        return global("collections", "OrderedDict").op(')').op('R').memo();
    }

    /** One entry {@code key: _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}; call inside MARK...SETITEMS. */
    PickleWriter tensor(String key, String storageClass, String storageKey, long numel, long offset, long[] size,
            long[] stride) {
        str(key);
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().str("storage").global("torch", storageClass).str(storageKey).str("cpu").integer(numel).op('t').op('Q');
        integer(offset).ints(size).ints(stride).op(0x89).emptyOrderedDict();
        op('t').op('R').memo();
        return this;
    }

    byte[] stop() {
        op('.');
        return out.toByteArray();
    }
}
