package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data-only reader of Python pickles (binary protocols 2 to 5), written from the pickle protocol
 * specification. It builds Java data: dicts become {@link LinkedHashMap}s, lists
 * {@link ArrayList}s, tuples {@link PickleTuple}s, str {@link String}, int {@link Long} (or
 * {@link BigInteger} when it does not fit), float {@link Double}, bytes {@code byte[]}, None
 * {@code null}. The three operations through which a pickle would run code (globals, calls,
 * persistent ids) go to a {@link PickleResolver}, which answers with data for an allow-list and
 * refuses everything else. No code is ever executed; text-protocol opcodes, extension registry
 * codes and out-of-band buffers are refused.
 */
final class PickleReader {
    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final Path file;
    private final String entry;
    private final byte[] in;
    private final PickleResolver resolver;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleReader(Path file, String entry, byte[] in, PickleResolver resolver) {
        this.file = file;
        this.entry = entry;
        this.in = in;
        this.resolver = resolver;
    }

    /**
     * Reads the single pickled object in {@code data}.
     *
     * @param file the checkpoint, for messages
     * @param entry where in the checkpoint the pickle is (e.g. {@code archive/data.pkl}), for messages
     * @throws ModelFormatException naming the file, entry and byte offset of the first problem
     */
    static Object read(Path file, String entry, byte[] data, PickleResolver resolver) throws ModelFormatException {
        return new PickleReader(file, entry, data, resolver).run();
    }

    private Object run() throws ModelFormatException {
        while (true) {
            if (pos >= in.length) {
                throw error("pickle ends without STOP (truncated?)");
            }
            int opAt = pos;
            int op = in[pos++] & 0xff;
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw error("unsupported pickle protocol " + proto + " (2 to 5 are read)");
                    }
                }
                case 0x95 -> { // FRAME: a length hint only
                    long len = leLong(8);
                    if (len < 0 || len > in.length - pos) {
                        throw error("FRAME of " + len + " bytes runs past the end of the pickle");
                    }
                }
                case '.' -> { // STOP
                    if (stack.size() != 1) {
                        throw error("STOP with " + stack.size() + " objects on the stack instead of 1");
                    }
                    Object result = stack.get(0);
                    if (result == MARK) {
                        throw error("STOP with a MARK on the stack");
                    }
                    checkDepth(result);
                    return result;
                }
                case '(' -> push(MARK); // MARK
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new PickleTuple(List.of())); // EMPTY_TUPLE
                case 0x8f -> push(new LinkedHashSet<>()); // EMPTY_SET
                case 'N' -> push(null); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'J' -> push((long) (int) leLong(4)); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push(leLong(2)); // BININT2
                case 0x8a -> push(longN(u8())); // LONG1
                case 0x8b -> push(longN(length(4))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(beLong8())); // BINFLOAT
                case 'X' -> push(utf8(length(4))); // BINUNICODE
                case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(8))); // BINUNICODE8
                case 'T' -> push(latin1(length(4))); // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(4))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(8))); // BINBYTES8
                case 0x96 -> push(bytes(length(8))); // BYTEARRAY8
                case 't' -> push(new PickleTuple(popMark())); // TUPLE
                case 0x85 -> push(tuple(1)); // TUPLE1
                case 0x86 -> push(tuple(2)); // TUPLE2
                case 0x87 -> push(tuple(3)); // TUPLE3
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'd' -> push(dict(popMark())); // DICT
                case 0x91 -> { // FROZENSET
                    Set<Object> set = new LinkedHashSet<>();
                    for (Object o : popMark()) {
                        set.add(key(o));
                    }
                    push(Collections.unmodifiableSet(set));
                }
                case 'a' -> { // APPEND
                    Object v = pop();
                    list(peek(), "APPEND").add(v);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    list(peek(), "APPENDS").addAll(items);
                }
                case 's' -> { // SETITEM
                    Object v = pop();
                    Object k = pop();
                    map(peek(), "SETITEM").put(key(k), v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    Map<Object, Object> m = map(peek(), "SETITEMS");
                    m.putAll(dict(items));
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popMark();
                    if (!(peek() instanceof Set<?>)) {
                        throw error("ADDITEMS on a " + typeName(peek()));
                    }
                    @SuppressWarnings("unchecked")
                    Set<Object> s = (Set<Object>) peek();
                    for (Object o : items) {
                        s.add(key(o));
                    }
                }
                case 'q' -> memo.put((long) u8(), peekForMemo()); // BINPUT
                case 'r' -> memo.put(leLong(4), peekForMemo()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peekForMemo()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(leLong(4))); // LONG_BINGET
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'c' -> { // GLOBAL
                    String module = line();
                    String name = line();
                    push(resolver.global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error("STACK_GLOBAL needs two strings, got " + typeName(module) + " and " + typeName(name));
                    }
                    push(resolver.global(m, n));
                }
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(resolver.call(callable, arguments(args, "REDUCE")));
                }
                case 0x81 -> { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop();
                    Object cls = pop();
                    push(resolver.call(cls, arguments(args, "NEWOBJ")));
                }
                case 0x92 -> { // NEWOBJ_EX
                    Object kwargs = pop();
                    Object args = pop();
                    Object cls = pop();
                    if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) {
                        throw error("NEWOBJ_EX with keyword arguments is not supported");
                    }
                    push(resolver.call(cls, arguments(args, "NEWOBJ_EX")));
                }
                case 'Q' -> push(resolver.persistentLoad(pop())); // BINPERSID
                case 'b' -> { // BUILD: set attributes; only a dict's (e.g. a state dict's _metadata) are accepted and dropped
                    Object state = pop();
                    Object target = peek();
                    if (!(target instanceof Map<?, ?>)) {
                        throw error("BUILD (setting attributes) on a " + typeName(target) + " is not supported");
                    }
                    if (state != null && !(state instanceof Map<?, ?>) && !(state instanceof PickleTuple)) {
                        throw error("BUILD with a " + typeName(state) + " state is not supported");
                    }
                }
                default -> {
                    pos = opAt;
                    throw error(String.format("unsupported pickle opcode 0x%02x ('%s')", op,
                            op >= 0x20 && op < 0x7f ? String.valueOf((char) op) : "binary"));
                }
            }
        }
    }

    /** Refuses containers nested deeper than the limit, and containers that contain themselves. */
    private void checkDepth(Object result) throws ModelFormatException {
        int limit = LoaderLimits.pickleDepth();
        try {
            if (PickleDepth.of(result, limit) > limit) {
                throw error("containers nested more than " + limit + " deep"
                        + LoaderLimits.raise(LoaderLimits.PICKLE_DEPTH, limit));
            }
        } catch (PickleDepth.CycleException e) {
            throw error(e.getMessage() + " (a self-referencing structure is not a state dict)");
        }
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws ModelFormatException {
        if (stack.isEmpty()) {
            throw error("stack underflow");
        }
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw error("unexpected MARK");
        }
        return o;
    }

    private Object peek() throws ModelFormatException {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw error("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private Object peekForMemo() throws ModelFormatException {
        return peek();
    }

    private Object memoGet(long key) throws ModelFormatException {
        if (!memo.containsKey(key)) {
            throw error("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    /** Pops everything above the topmost MARK, and the MARK. */
    private List<Object> popMark() throws ModelFormatException {
        int m = stack.lastIndexOf(MARK);
        if (m < 0) {
            throw error("no MARK on the stack");
        }
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private PickleTuple tuple(int n) throws ModelFormatException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return new PickleTuple(Arrays.asList(items));
    }

    private Map<Object, Object> dict(List<Object> items) throws ModelFormatException {
        if (items.size() % 2 != 0) {
            throw error("odd number of items for a dict");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i += 2) {
            m.put(key(items.get(i)), items.get(i + 1));
        }
        return m;
    }

    /**
     * Accepts only immutable values as dict keys or set elements (Python requires hashable ones);
     * constant time, as a tuple knows from its construction whether it is hashable.
     */
    private Object key(Object k) throws ModelFormatException {
        if (PickleTuple.isHashableItem(k)) {
            return k;
        }
        throw error("a " + typeName(k) + " cannot be a dict key or set element");
    }

    private List<Object> arguments(Object args, String op) throws ModelFormatException {
        if (!(args instanceof PickleTuple t)) {
            throw error(op + " arguments must be a tuple, got a " + typeName(args));
        }
        return t.items();
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) throws ModelFormatException {
        if (!(o instanceof ArrayList<?>)) {
            throw error(op + " on a " + typeName(o));
        }
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o, String op) throws ModelFormatException {
        if (!(o instanceof Map<?, ?>)) {
            throw error(op + " on a " + typeName(o));
        }
        return (Map<Object, Object>) o;
    }

    private int u8() throws ModelFormatException {
        need(1);
        return in[pos++] & 0xff;
    }

    private long leLong(int n) throws ModelFormatException {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (in[pos + i] & 0xff);
        }
        pos += n;
        return v;
    }

    private long beLong8() throws ModelFormatException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** A length field of {@code n} bytes, checked against the bytes left. */
    private int length(int n) throws ModelFormatException {
        long len = leLong(n);
        if (len < 0 || len > in.length - pos) {
            throw error("length " + Long.toUnsignedString(len) + " runs past the end of the pickle");
        }
        return (int) len;
    }

    private Object longN(int n) throws ModelFormatException {
        need(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = in[pos + n - 1 - i];
        }
        pos += n;
        BigInteger b = new BigInteger(be);
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private byte[] bytes(int n) throws ModelFormatException {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    private String utf8(int n) throws ModelFormatException {
        need(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(in, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    private String latin1(int n) throws ModelFormatException {
        need(n);
        String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** A newline-terminated ASCII line (GLOBAL's operands). */
    private String line() throws ModelFormatException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            if (in[pos] < 0x20 || in[pos] >= 0x7f) {
                throw error("GLOBAL operand is not printable ASCII");
            }
            pos++;
        }
        if (pos >= in.length) {
            throw error("GLOBAL operand runs past the end of the pickle");
        }
        String s = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    private void need(int n) throws ModelFormatException {
        if (n < 0 || n > in.length - pos) {
            throw error("pickle truncated: needs " + n + " more bytes");
        }
    }

    private static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof PickleTuple) {
            return "tuple";
        }
        return o.getClass().getSimpleName();
    }

    private ModelFormatException error(String what) {
        return new ModelFormatException(file, entry + " at byte " + pos + ": " + what);
    }
}
