package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch checkpoint in {@code torch.save}'s zip format (torch 1.6 and later):
 * {@code <archive>/data.pkl} holds the pickled object, {@code <archive>/data/<key>} the raw bytes
 * of each storage, {@code <archive>/byteorder} (optional, default little) their byte order. The
 * pickle is read by {@link PickleReader} with the {@link TorchGlobals} allow-list, so nothing in the
 * file is executed. A state dict wrapped as {@code {"model": ...}} or {@code {"state_dict": ...}}
 * is unwrapped; every value of the state dict must then be a tensor. Tensors are materialised as
 * contiguous float32, whatever their storage offset and strides; a storage shared by several views
 * is decoded once.
 *
 * <p>Legacy (pre-1.6) and TorchScript files are refused with a message saying what to do.
 */
final class TorchZipReader {
    /** Keys under which training scripts wrap a state dict, tried in this order. */
    private static final List<String> WRAPPER_KEYS = List.of("model", "state_dict");

    private TorchZipReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws ModelFormatException naming the file and the entry, key or global at fault
     */
    static Checkpoint read(Path file) throws IOException {
        checkMagic(file);
        long maxTensorBytes = LoaderLimits.tensorBytes(Files.size(file));
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = archivePrefix(file, zip);
            String pklName = prefix + "data.pkl";
            byte[] pkl = readEntry(file, zip, zip.getEntry(pklName), 1L << 30);
            ByteOrder order = byteOrder(file, zip, prefix);
            Object root = PickleReader.read(file, pklName, pkl, new TorchGlobals(file, pklName));
            Map<?, ?> stateDict = unwrap(file, root);
            Map<String, TorchTensorRef> refs = new LinkedHashMap<>();
            Map<String, Integer> uses = new HashMap<>();
            for (Map.Entry<?, ?> e : stateDict.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new ModelFormatException(file, "state dict key " + PickleText.render(e.getKey()) + " is not a string");
                }
                if (!(e.getValue() instanceof TorchTensorRef ref)) {
                    throw new ModelFormatException(file, "state dict entry '" + key + "' is not a tensor");
                }
                WeightChecks.checkDtype(file, key, ref.storage().dtype());
                refs.put(key, ref);
                uses.merge(storageId(ref.storage()), 1, Integer::sum);
            }
            Map<String, float[]> storages = new HashMap<>();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, TorchTensorRef> e : refs.entrySet()) {
                TorchStorageRef s = e.getValue().storage();
                String id = storageId(s);
                float[] values = storages.get(id);
                if (values == null) {
                    values = decode(file, zip, prefix, order, s, maxTensorBytes);
                    storages.put(id, values);
                }
                checkViewSize(file, e.getKey(), e.getValue(), maxTensorBytes);
                tensors.put(e.getKey(), materialise(file, e.getKey(), e.getValue(), values, uses.get(id) == 1));
            }
            return new Checkpoint(tensors, Map.of());
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(file, "not a readable zip archive: " + e.getMessage(), e);
        }
    }

    private static void checkMagic(Path file) throws IOException {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return;
        }
        if (n >= 2 && (head[0] & 0xff) == 0x80) {
            throw new ModelFormatException(file, "legacy (pre-1.6) PyTorch serialization is not supported; "
                    + "re-save the state dict with torch >= 1.6 (torch.save(state_dict, path), the zip format)");
        }
        throw new ModelFormatException(file, "not a PyTorch zip checkpoint (no zip signature); legacy or tar "
                + "checkpoints must be re-saved with torch >= 1.6");
    }

    /** The folder that holds {@code data.pkl}: torch names it after the file or {@code archive}. */
    private static String archivePrefix(Path file, ZipFile zip) throws ModelFormatException {
        List<String> found = new ArrayList<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("data.pkl") && (name.equals("data.pkl")
                    || (name.indexOf('/') == name.length() - "/data.pkl".length()))) {
                found.add(name);
            }
        }
        if (found.size() != 1) {
            throw new ModelFormatException(file, found.isEmpty()
                    ? "zip archive has no <archive>/data.pkl: not a torch.save checkpoint"
                    : "zip archive has several data.pkl entries " + found);
        }
        String pkl = found.get(0);
        if (zip.getEntry(pkl.substring(0, pkl.length() - "data.pkl".length()) + "constants.pkl") != null) {
            throw new ModelFormatException(file, "this is a TorchScript archive, not a state dict; "
                    + "save model.state_dict() with torch.save instead");
        }
        return pkl.substring(0, pkl.length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipEntry e = zip.getEntry(prefix + "byteorder");
        if (e == null) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        String s = new String(readEntry(file, zip, e, 16), StandardCharsets.US_ASCII).trim();
        return switch (s) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new ModelFormatException(file, prefix + "byteorder says '" + s + "', not little or big");
        };
    }

    private static Map<?, ?> unwrap(Path file, Object root) throws ModelFormatException {
        Object o = root;
        for (int depth = 0; depth < 4; depth++) {
            if (!(o instanceof Map<?, ?> m)) {
                throw new ModelFormatException(file, "data.pkl holds a " + (o == null ? "None" : o.getClass().getSimpleName())
                        + ", not a state dict");
            }
            Object inner = null;
            for (String k : WRAPPER_KEYS) {
                if (m.get(k) instanceof Map<?, ?> w) {
                    inner = w;
                    break;
                }
            }
            if (inner == null) {
                return m;
            }
            o = inner;
        }
        throw new ModelFormatException(file, "state dict is wrapped more than 4 levels deep");
    }

    private static String storageId(TorchStorageRef s) {
        return s.key() + "/" + s.dtype();
    }

    private static float[] decode(Path file, ZipFile zip, String prefix, ByteOrder order, TorchStorageRef s,
                                  long maxTensorBytes) throws IOException {
        String name = prefix + "data/" + s.key();
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFormatException(file, "storage '" + s.key() + "' has no entry " + name);
        }
        if (s.numel() > maxTensorBytes / Float.BYTES) {
            throw new ModelFormatException(file, "storage '" + s.key() + "' claims " + s.numel() + " elements, "
                    + "more float32 bytes than a checkpoint file of its size justifies"
                    + LoaderLimits.raise(LoaderLimits.TENSOR_BYTES_PER_FILE_BYTE, maxTensorBytes));
        }
        long expected = s.numel() * DType.width(s.dtype());
        if (s.numel() > Integer.MAX_VALUE || e.getSize() != expected) {
            throw new ModelFormatException(file, "storage entry " + name + " has " + e.getSize() + " bytes but "
                    + s.numel() + " elements of " + s.dtype() + " need " + expected);
        }
        byte[] bytes = readEntry(file, zip, e, expected);
        return DType.toFloat(s.dtype(), ByteBuffer.wrap(bytes).order(order));
    }

    private static byte[] readEntry(Path file, ZipFile zip, ZipEntry e, long maxBytes) throws IOException {
        if (e == null) {
            throw new ModelFormatException(file, "missing zip entry");
        }
        return ZipEntries.read(file, zip, e, maxBytes);
    }

    /**
     * Refuses a view that would decode to more float32 bytes than the file justifies, before any
     * allocation: a zero or repeating stride lets a few bytes of storage stand for a huge tensor.
     */
    private static void checkViewSize(Path file, String key, TorchTensorRef ref, long maxTensorBytes)
            throws ModelFormatException {
        long numel = 1;
        for (int d : ref.size()) {
            numel = d == 0 ? 0 : (numel > Long.MAX_VALUE / d ? Long.MAX_VALUE : numel * d);
        }
        if (numel > maxTensorBytes / Float.BYTES) {
            throw new ModelFormatException(file, "tensor '" + key + "' of size " + Arrays.toString(ref.size())
                    + " (stride " + Arrays.toString(ref.stride()) + ") needs " + numel + " float32 elements, more than "
                    + "a checkpoint file of its size justifies"
                    + LoaderLimits.raise(LoaderLimits.TENSOR_BYTES_PER_FILE_BYTE, maxTensorBytes));
        }
    }

    /** Copies the strided view {@code ref} of {@code storage} into a contiguous row-major tensor. */
    private static Tensor materialise(Path file, String key, TorchTensorRef ref, float[] storage, boolean sole)
            throws ModelFormatException {
        int[] size = ref.size();
        long numel = ref.numel();
        if (numel > Integer.MAX_VALUE) {
            throw new ModelFormatException(file, "tensor '" + key + "' of size " + Arrays.toString(size) + " is too large");
        }
        if (numel == 0) {
            return Tensor.of(new float[0], size);
        }
        long last = ref.offset();
        for (int d = 0; d < size.length; d++) {
            last += (size[d] - 1L) * ref.stride()[d];
        }
        if (last >= storage.length) {
            throw new ModelFormatException(file, "tensor '" + key + "' (offset " + ref.offset() + ", size "
                    + Arrays.toString(size) + ", stride " + Arrays.toString(ref.stride()) + ") reads element " + last
                    + " of a storage of " + storage.length);
        }
        boolean contiguous = true;
        long expect = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] != 1 && ref.stride()[d] != expect) {
                contiguous = false;
            }
            expect *= size[d];
        }
        if (contiguous) {
            if (sole && ref.offset() == 0 && numel == storage.length) {
                return Tensor.of(storage, size);
            }
            int from = (int) ref.offset();
            return Tensor.of(Arrays.copyOfRange(storage, from, from + (int) numel), size);
        }
        float[] out = new float[(int) numel];
        int rank = size.length;
        int[] index = new int[rank];
        long src = ref.offset();
        long[] stride = ref.stride();
        for (int i = 0; i < out.length; i++) {
            out[i] = storage[(int) src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < size[d]) {
                    src += stride[d];
                    break;
                }
                src -= (size[d] - 1L) * stride[d];
                index[d] = 0;
            }
        }
        return Tensor.of(out, size);
    }
}
