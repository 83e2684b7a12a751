package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file (https://github.com/huggingface/safetensors format): an 8-byte little-endian
 * header length, a JSON header that maps tensor names to dtype, shape and byte offsets, then the
 * raw data. The whole structure is validated before any tensor is read: header length within the
 * file, every dtype known, every shape consistent with its byte range, ranges inside the data
 * section and not overlapping. Data is read through a memory map.
 */
public final class SafetensorsFile {

    /** One tensor entry of the header. */
    public record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final long dataStart;

    private SafetensorsFile(Path path, Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    /**
     * Opens and validates {@code path}; reads only the header.
     *
     * @throws ModelFormatException naming the file and the first inconsistency found
     */
    public static SafetensorsFile open(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ModelFormatException(path, "truncated safetensors file: " + size + " bytes, no header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER) {
                throw new ModelFormatException(path, "safetensors header length " + headerLen + " is out of range");
            }
            if (8 + headerLen > size) {
                throw new ModelFormatException(path, "safetensors header claims " + headerLen
                        + " bytes but the file has only " + (size - 8) + " after the length field (truncated?)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            String json = new String(hb.array(), StandardCharsets.UTF_8);
            Object parsed;
            try {
                parsed = HeaderJson.parse(json);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(path, "safetensors header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw new ModelFormatException(path, "safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) {
                        throw new ModelFormatException(path, "safetensors __metadata__ is not a JSON object");
                    }
                    for (Map.Entry<?, ?> kv : m.entrySet()) {
                        if (!(kv.getValue() instanceof String v)) {
                            throw new ModelFormatException(path, "safetensors __metadata__ entry '" + kv.getKey()
                                    + "' is not a string");
                        }
                        metadata.put((String) kv.getKey(), v);
                    }
                    continue;
                }
                entries.put(name, entry(path, name, e.getValue(), dataLen));
            }
            checkOverlaps(path, entries);
            return new SafetensorsFile(path, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata), dataStart);
        }
    }

    private static Entry entry(Path path, String name, Object value, long dataLen) throws ModelFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ModelFormatException(path, "tensor '" + name + "': header entry is not an object");
        }
        Object dtype = m.get("dtype");
        Object shape = m.get("shape");
        Object offsets = m.get("data_offsets");
        if (!(dtype instanceof String d) || !(shape instanceof List<?> s) || !(offsets instanceof List<?> o) || o.size() != 2) {
            throw new ModelFormatException(path, "tensor '" + name + "': needs dtype, shape and two data_offsets");
        }
        int width = DType.width(d);
        if (width < 0) {
            throw new ModelFormatException(path, "tensor '" + name + "': unsupported dtype " + d);
        }
        int[] dims = new int[s.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (!(s.get(i) instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
                throw new ModelFormatException(path, "tensor '" + name + "': bad shape " + s);
            }
            dims[i] = (int) (long) l;
            count *= l; // both factors are at most 2^31 - 1: no overflow
            if (count > Integer.MAX_VALUE) {
                throw new ModelFormatException(path, "tensor '" + name + "': shape " + s
                        + " has more elements than a float array can hold");
            }
        }
        if (!(o.get(0) instanceof Long begin) || !(o.get(1) instanceof Long end) || begin < 0 || end < begin) {
            throw new ModelFormatException(path, "tensor '" + name + "': bad data_offsets " + o);
        }
        if (end > dataLen) {
            throw new ModelFormatException(path, "tensor '" + name + "': data_offsets " + o
                    + " run past the end of the data section (" + dataLen + " bytes; file truncated?)");
        }
        if (end - begin != count * width) {
            throw new ModelFormatException(path, "tensor '" + name + "': shape " + s + " of " + d
                    + " needs " + count * width + " bytes but data_offsets give " + (end - begin));
        }
        return new Entry(name, d, dims, begin, end);
    }

    private static void checkOverlaps(Path path, Map<String, Entry> entries) throws ModelFormatException {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort((a, b) -> Long.compare(a.begin(), b.begin()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                throw new ModelFormatException(path, "tensors '" + sorted.get(i - 1).name() + "' and '"
                        + sorted.get(i).name() + "' overlap in the data section");
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            p += n;
        }
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** Tensor entries in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} map (empty if absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads one tensor, converting it to float32.
     *
     * @throws ModelFormatException if there is no such tensor
     */
    public Tensor read(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelFormatException(path, "no tensor '" + name + "'");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
            buf.order(ByteOrder.LITTLE_ENDIAN);
            return Tensor.of(DType.toFloat(e.dtype(), buf), e.shape());
        }
    }

    /** Reads every tensor, in header order. */
    public Map<String, Tensor> readAll() throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            for (Entry e : entries.values()) {
                MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
                buf.order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.name(), Tensor.of(DType.toFloat(e.dtype(), buf), e.shape()));
            }
        }
        return out;
    }
}
