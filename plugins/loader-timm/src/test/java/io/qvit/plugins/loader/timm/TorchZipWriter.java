package io.qvit.plugins.loader.timm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Test fixture writer: a torch.save zip archive from a hand-assembled pickle and raw storages. */
final class TorchZipWriter {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final String prefix;

    TorchZipWriter(String archiveName) {
        this.prefix = archiveName + "/";
        entries.put(prefix + "version", "3\n".getBytes());
    }

    TorchZipWriter pickle(byte[] pkl) {
        entries.put(prefix + "data.pkl", pkl);
        return this;
    }

    TorchZipWriter byteorder(String order) {
        entries.put(prefix + "byteorder", order.getBytes());
        return this;
    }

    TorchZipWriter floatStorage(String key, ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (float v : values) {
            b.putFloat(v);
        }
        return storage(key, b.array());
    }

    TorchZipWriter storage(String key, byte[] bytes) {
        entries.put(prefix + "data/" + key, bytes);
        return this;
    }

    TorchZipWriter entry(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    Path write(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
