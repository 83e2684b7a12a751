package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads zip entries of checkpoint archives (torch zip, npz) whole, trusting no size field: an entry
 * must decompress to exactly the size the central directory declares, and never beyond a cap; compressed
 * data that ends early or does not inflate is a {@link ModelFormatException} naming the entry.
 */
final class ZipEntries {
    /** Largest entry read into one array. */
    static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    private ZipEntries() {
    }

    /**
     * The bytes of {@code e}.
     *
     * @throws ModelFormatException naming the file and entry if it is larger than {@code maxBytes} or
     *     does not decompress to its declared size
     */
    static byte[] read(Path file, ZipFile zip, ZipEntry e, long maxBytes) throws IOException {
        long cap = Math.min(maxBytes, MAX_ENTRY);
        if (e.getSize() > cap) {
            throw new ModelFormatException(file, "zip entry " + e.getName() + " is too large (" + e.getSize() + " bytes)");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) (e.getSize() >= 0 ? e.getSize() : cap));
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new ModelFormatException(file, "zip entry " + e.getName() + " is truncated: " + b.length
                        + " of " + e.getSize() + " bytes");
            }
            if (in.read() >= 0) {
                throw new ModelFormatException(file, "zip entry " + e.getName() + " holds more than its declared "
                        + (e.getSize() >= 0 ? e.getSize() : cap) + " bytes");
            }
            return b;
        } catch (java.io.EOFException | java.util.zip.ZipException ex) {
            throw new ModelFormatException(file, "zip entry " + e.getName() + " is corrupt: " + ex.getMessage(), ex);
        }
    }
}
