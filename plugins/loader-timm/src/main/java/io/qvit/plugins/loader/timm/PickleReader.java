package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.math.BigInteger;
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

    private final PickleBytes in;
    private final PickleResolver resolver;
    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleReader(Path file, String entry, byte[] in, PickleResolver resolver) {
        this.in = new PickleBytes(file, entry, in);
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
            if (in.atEnd()) {
                throw error("pickle ends without STOP (truncated?)");
            }
            int opAt = in.position();
            int op = in.u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = in.u8();
                    if (proto < 2 || proto > 5) {
                        throw error("unsupported pickle protocol " + proto + " (2 to 5 are read)");
                    }
                }
                case 0x95 -> { // FRAME: a length hint only
                    long len = in.leLong(8);
                    if (len < 0 || len > in.remaining()) {
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
                case 'J' -> push((long) (int) in.leLong(4)); // BININT
                case 'K' -> push((long) in.u8()); // BININT1
                case 'M' -> push(in.leLong(2)); // BININT2
                case 0x8a -> push(in.longN(in.u8())); // LONG1
                case 0x8b -> push(in.longN(in.length(4))); // LONG4
                case 'G' -> push(Double.longBitsToDouble(in.beLong8())); // BINFLOAT
                case 'X' -> push(in.utf8(in.length(4))); // BINUNICODE
                case 0x8c -> push(in.utf8(in.u8())); // SHORT_BINUNICODE
                case 0x8d -> push(in.utf8(in.length(8))); // BINUNICODE8
                case 'T' -> push(in.latin1(in.length(4))); // BINSTRING (Python 2 str)
                case 'U' -> push(in.latin1(in.u8())); // SHORT_BINSTRING
                case 'B' -> push(in.bytes(in.length(4))); // BINBYTES
                case 'C' -> push(in.bytes(in.u8())); // SHORT_BINBYTES
                case 0x8e -> push(in.bytes(in.length(8))); // BINBYTES8
                case 0x96 -> push(in.bytes(in.length(8))); // BYTEARRAY8
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
                case 'q' -> memo.put((long) in.u8(), peekForMemo()); // BINPUT
                case 'r' -> memo.put(in.leLong(4), peekForMemo()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peekForMemo()); // MEMOIZE
                case 'h' -> push(memoGet(in.u8())); // BINGET
                case 'j' -> push(memoGet(in.leLong(4))); // LONG_BINGET
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'c' -> { // GLOBAL
                    String module = in.line();
                    String name = in.line();
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
                    in.seek(opAt);
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
        return in.error(what);
    }
}
