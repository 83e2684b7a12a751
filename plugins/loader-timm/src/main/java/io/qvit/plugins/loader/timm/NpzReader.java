package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a numpy {@code .npz} archive ({@code numpy.savez} or {@code savez_compressed}): a zip whose
 * entries are {@code .npy} arrays, each named after its key plus {@code .npy}. Keys are kept as they
 * are (no renaming from JAX/Flax names to timm's).
 */
final class NpzReader {
    private NpzReader() {
    }

    /**
     * Reads every array of {@code file}, in archive order.
     *
     * @throws ModelFormatException naming the file and the entry at fault
     */
    static Checkpoint read(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K' || (head[2] != 3 && head[2] != 5)) {
            throw new ModelFormatException(file, "not an .npz archive (no zip signature)");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new ModelFormatException(file, "entry '" + name + "' is not an .npy array");
                }
                String key = name.substring(0, name.length() - ".npy".length());
                Tensor t = NpyArray.parse(file, key, ZipEntries.read(file, zip, e, ZipEntries.MAX_ENTRY));
                if (tensors.put(key, t) != null) {
                    throw new ModelFormatException(file, "array '" + key + "' appears twice");
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(file, "not a readable zip archive: " + e.getMessage(), e);
        }
        return new Checkpoint(tensors, Map.of());
    }
}
