package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The allow-list of Python globals a PyTorch state-dict pickle may name, and the data each call
 * stands for: {@code collections.OrderedDict} (a map), {@code torch._utils._rebuild_tensor_v2}
 * (a {@link TorchTensorRef}), {@code torch._utils._rebuild_parameter[_with_state]} (its tensor),
 * {@code torch.*Storage} (storage types inside persistent ids), {@code builtins.set}. Any other
 * global is refused when the pickle names it, before anything else happens.
 */
final class TorchGlobals implements PickleResolver {
    /** A storage class such as {@code torch.FloatStorage}, standing for its element type. */
    private record StorageType(String name, String dtype) {
    }

    /** An allowed callable. */
    private record Callable(String name) {
    }

    private static final Map<String, String> STORAGE_DTYPES = Map.of(
            "FloatStorage", "F32", "HalfStorage", "F16", "BFloat16Storage", "BF16", "DoubleStorage", "F64",
            "LongStorage", "I64", "IntStorage", "I32", "ShortStorage", "I16", "CharStorage", "I8",
            "ByteStorage", "U8", "BoolStorage", "BOOL");

    private static final List<String> CALLABLES = List.of("collections.OrderedDict",
            "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "builtins.set");

    private final Path file;
    private final String entry;

    TorchGlobals(Path file, String entry) {
        this.file = file;
        this.entry = entry;
    }

    /** Every global this resolver accepts, sorted, for messages. */
    static List<String> allowed() {
        TreeSet<String> all = new TreeSet<>(CALLABLES);
        STORAGE_DTYPES.keySet().forEach(s -> all.add("torch." + s));
        return new ArrayList<>(all);
    }

    @Override
    public Object global(String module, String name) throws ModelFormatException {
        String full = module + "." + name;
        if (module.equals("torch") && STORAGE_DTYPES.containsKey(name)) {
            return new StorageType(full, STORAGE_DTYPES.get(name));
        }
        if (CALLABLES.contains(full)) {
            return new Callable(full);
        }
        String hint = module.startsWith("__torch__") || module.startsWith("torch.jit")
                ? " (this looks like a TorchScript archive; save model.state_dict() with torch.save instead)"
                : "";
        throw new ModelFormatException(file, entry + " references the Python global '" + full
                + "', which is not in the allow-list of data-only globals " + allowed()
                + "; refusing to load it (nothing was executed)" + hint);
    }

    @Override
    public Object call(Object callable, List<Object> args) throws ModelFormatException {
        if (!(callable instanceof Callable c)) {
            throw fail("calls a " + describe(callable) + ", which is not an allowed callable");
        }
        switch (c.name()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (!(p instanceof PickleTuple t) || t.size() != 2) {
                            throw fail("OrderedDict argument is not a list of pairs");
                        }
                        if (!PickleTuple.isHashableItem(t.get(0))) {
                            throw fail("OrderedDict key " + describe(t.get(0)) + " is not hashable");
                        }
                        m.put(t.get(0), t.get(1));
                    }
                } else if (!args.isEmpty()) {
                    throw fail("OrderedDict called with " + args.size() + " unexpected arguments");
                }
                return m;
            }
            case "builtins.set" -> {
                if (args.size() > 1 || (args.size() == 1 && !(args.get(0) instanceof List<?>))) {
                    throw fail("set() called with unexpected arguments");
                }
                if (!args.isEmpty()) {
                    for (Object o : (List<?>) args.get(0)) {
                        if (!PickleTuple.isHashableItem(o)) {
                            throw fail("set() of a " + describe(o) + ", which is not hashable");
                        }
                    }
                }
                return args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>((List<?>) args.get(0));
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (args.size() < 3 || !(args.get(0) instanceof TorchTensorRef t)) {
                    throw fail(c.name() + " needs (tensor, requires_grad, hooks[, state])");
                }
                return t;
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return rebuildTensor(args);
            }
            default -> throw fail("calls " + c.name() + ", which this reader does not model");
        }
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private TorchTensorRef rebuildTensor(List<Object> args) throws ModelFormatException {
        if (args.size() < 4 || !(args.get(0) instanceof TorchStorageRef storage) || !(args.get(1) instanceof Long offset)
                || !(args.get(2) instanceof PickleTuple size) || !(args.get(3) instanceof PickleTuple stride)) {
            throw fail("_rebuild_tensor_v2 needs (storage, offset, size tuple, stride tuple, ...)");
        }
        if (size.size() != stride.size()) {
            throw fail("_rebuild_tensor_v2: size " + size + " and stride " + stride + " differ in rank");
        }
        int[] dims = new int[size.size()];
        long[] strides = new long[size.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(size.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE
                    || !(stride.get(i) instanceof Long s) || s < 0) {
                throw fail("_rebuild_tensor_v2: bad size " + size + " or stride " + stride);
            }
            dims[i] = (int) (long) d;
            strides[i] = s;
        }
        if (offset < 0) {
            throw fail("_rebuild_tensor_v2: negative storage offset " + offset);
        }
        return new TorchTensorRef(storage, offset, dims, strides);
    }

    @Override
    public Object persistentLoad(Object pid) throws ModelFormatException {
        if (!(pid instanceof PickleTuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw fail("persistent id " + describe(pid) + " is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof StorageType type)) {
            throw fail("persistent id names storage type " + describe(t.get(1)) + ", not a torch.*Storage");
        }
        if (!(t.get(2) instanceof String key) || key.isEmpty() || key.contains("/") || key.contains("\\")
                || key.contains("..")) {
            throw fail("persistent id has a bad storage key " + describe(t.get(2)));
        }
        if (!(t.get(4) instanceof Long numel) || numel < 0) {
            throw fail("persistent id of storage '" + key + "' has a bad element count " + describe(t.get(4)));
        }
        return new TorchStorageRef(type.dtype(), key, numel);
    }

    private static String describe(Object o) {
        if (o instanceof StorageType s) {
            return s.name();
        }
        if (o instanceof Callable c) {
            return c.name();
        }
        if (o instanceof PickleTuple t) {
            return "tuple " + PickleText.render(t);
        }
        if (o instanceof Map<?, ?> || o instanceof List<?>) {
            return o instanceof Map<?, ?> ? "dict" : "list";
        }
        return o == null ? "None" : o.getClass().getSimpleName() + " " + PickleText.render(o);
    }

    private ModelFormatException fail(String what) {
        return new ModelFormatException(file, entry + ": " + what);
    }
}
