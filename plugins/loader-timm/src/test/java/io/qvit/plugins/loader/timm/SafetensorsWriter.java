package io.qvit.plugins.loader.timm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixture writer: builds safetensors files, valid or deliberately broken. */
final class SafetensorsWriter {
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> headerEntries = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds a float32 tensor. */
    SafetensorsWriter f32(String name, float[] values, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return raw(name, "F32", shape, b.array());
    }

    /** Adds a float16 tensor from raw half bits. */
    SafetensorsWriter f16(String name, short[] bits, int... shape) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : bits) {
            b.putShort(v);
        }
        return raw(name, "F16", shape, b.array());
    }

    /** Adds a tensor with the given dtype name and bytes, offsets following the previous tensor. */
    SafetensorsWriter raw(String name, String dtype, int[] shape, byte[] bytes) {
        long begin = data.size();
        data.writeBytes(bytes);
        return entry(name, dtype, shape, begin, data.size());
    }

    /** Adds a header entry with explicit offsets and no data. */
    SafetensorsWriter entry(String name, String dtype, int[] shape, long begin, long end) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        headerEntries.add("\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + s + "],\"data_offsets\":["
                + begin + "," + end + "]}");
        return this;
    }

    /** Appends data bytes that no header entry points to yet. */
    SafetensorsWriter padding(int bytes) {
        data.writeBytes(new byte[bytes]);
        return this;
    }

    byte[] bytes() {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            int i = 0;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                h.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                        .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            h.append("}");
            if (!headerEntries.isEmpty()) {
                h.append(",");
            }
        }
        h.append(String.join(",", headerEntries)).append("}");
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(data.toByteArray());
        return out.array();
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }
}
