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
 * are (no renaming from JAX/Flax names to timm's). The uncompressed size each entry declares in the
 * zip directory is checked against {@code qvit.limits.npzEntryBytes} before it is inflated, and an
 * entry must inflate to exactly that size ({@link ZipEntries}) and agree with the size its {@code .npy}
 * header declares (read from the entry's first bytes), so a zip bomb costs nothing.
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
                long limit = LoaderLimits.npzEntryBytes();
                if (e.getSize() > limit || e.getSize() < 0) {
                    throw new ModelFormatException(file, "array '" + key + "': entry " + name + " declares "
                            + e.getSize() + " uncompressed bytes, refused before inflating"
                            + LoaderLimits.raise(LoaderLimits.NPZ_ENTRY_BYTES, limit));
                }
                checkHeader(file, zip, e, key);
                Tensor t = NpyArray.parse(file, key, ZipEntries.read(file, zip, e, limit));
                if (tensors.put(key, t) != null) {
                    throw new ModelFormatException(file, "array '" + key + "' appears twice");
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            throw new ModelFormatException(file, "not a readable zip archive: " + e.getMessage(), e);
        }
        return new Checkpoint(tensors, Map.of());
    }

    /** Most bytes inflated to read an {@code .npy} header before the whole entry (any format 1.0 header fits). */
    private static final int HEADER_PREFIX = 65536 + 12;

    /**
     * Inflates only the first bytes of {@code e} and refuses the entry if the size its {@code .npy}
     * header declares (shape times dtype width) differs from the size in the zip directory. A header
     * or stream that cannot be read from the prefix is left to the full read and parse, which report it.
     */
    private static void checkHeader(Path file, ZipFile zip, ZipEntry e, String key) throws IOException {
        byte[] head;
        try (InputStream in = zip.getInputStream(e)) {
            head = in.readNBytes((int) Math.min(e.getSize(), HEADER_PREFIX));
        } catch (IOException corrupt) {
            return; // a corrupt compressed stream is reported by the full read (ZipEntries)
        }
        long declared;
        try {
            declared = NpyArray.declaredSize(file, key, head);
        } catch (ModelFormatException unreadable) {
            return;
        }
        if (declared != e.getSize()) {
            throw new ModelFormatException(file, "array '" + key + "': its .npy header declares " + declared
                    + " bytes (shape and dtype) but the zip directory " + e.getSize()
                    + (declared > e.getSize() ? " (truncated)" : "") + "; refused before inflating");
        }
    }
}
