package io.qvit.data.internal;

import io.qvit.data.ImageDataset;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content checksum of a dataset and the helpers its entries use: SHA-256 over a version tag,
 * then for every image its UTF-8 name, label and content bytes, each length-prefixed so that no
 * two different datasets hash the same byte stream. Also a small per-dataset memo so that the
 * checksum is computed at most once.
 */
public final class DatasetChecksum {
    private static final byte[] TAG = "qvit-dataset-sha256-v1\n".getBytes(StandardCharsets.US_ASCII);

    private final Object lock = new Object();
    private volatile String value;

    /** The checksum of {@code dataset}, computed on the first call and remembered. */
    public String get(ImageDataset dataset) throws IOException {
        String v = value;
        if (v == null) {
            synchronized (lock) {
                v = value;
                if (v == null) {
                    v = compute(dataset);
                    value = v;
                }
            }
        }
        return v;
    }

    /** Computes the checksum of {@code dataset} (no memo). */
    public static String compute(ImageDataset dataset) throws IOException {
        MessageDigest md = sha256();
        md.update(TAG);
        updateLong(md, dataset.size());
        for (int i = 0; i < dataset.size(); i++) {
            dataset.digestEntry(i, md);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Feeds the name and label of an entry. */
    public static void digestHeader(MessageDigest md, String name, int label) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        updateLong(md, n.length);
        md.update(n);
        updateLong(md, label);
    }

    /** Feeds the length and then the bytes of {@code file}, streamed. */
    public static void digestFile(MessageDigest md, Path file) throws IOException {
        updateLong(md, Files.size(file));
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
    }

    /** Feeds a length-prefixed byte range. */
    public static void digestBytes(MessageDigest md, byte[] data, int offset, int length) {
        updateLong(md, length);
        md.update(data, offset, length);
    }

    static void updateLong(MessageDigest md, long v) {
        for (int s = 56; s >= 0; s -= 8) {
            md.update((byte) (v >>> s));
        }
    }
}
