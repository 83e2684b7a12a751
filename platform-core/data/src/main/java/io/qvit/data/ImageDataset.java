package io.qvit.data;

import io.qvit.data.internal.SubsetDataset;
import java.io.IOException;
import java.security.MessageDigest;

/**
 * An ordered, indexed collection of labelled images: image {@code i} has a name (its file name
 * relative to the dataset, or a synthetic name for images stored inside one file), a class index
 * and content that {@link #read(int)} decodes. Implementations are immutable and thread-safe:
 * {@link BatchLoader} reads several images at once.
 */
public interface ImageDataset {
    /** Number of images. */
    int size();

    /** Name of image {@code index}, as errors and reports show it. */
    String name(int index);

    /** Class index of image {@code index}. */
    int label(int index);

    /**
     * Decodes image {@code index}.
     *
     * @throws ImageDecodeException naming the file if it is missing, corrupt or unsupported
     */
    Image8 read(int index) throws IOException;

    /**
     * Feeds what identifies image {@code index} into {@code digest}: its name, label and encoded
     * content (streamed, never the decoded pixels).
     */
    void digestEntry(int index, MessageDigest digest) throws IOException;

    /**
     * SHA-256 (lowercase hex) over the names, labels and file contents of all images in order:
     * the key under which results on this dataset may be cached. Computed on first call, then
     * remembered.
     */
    String checksum() throws IOException;

    /** Where the dataset comes from, for logs and provenance (for example the folder path). */
    String description();

    /** The images {@code from} (inclusive) to {@code to} (exclusive), as a dataset of their own. */
    default ImageDataset subset(int from, int to) {
        return new SubsetDataset(this, from, to);
    }

    /**
     * This dataset without the images named in {@code names} (for example the calibration images,
     * to form an evaluation set disjoint from them).
     *
     * @throws IllegalArgumentException listing names that are not in this dataset, so that a typo
     *     does not silently exclude nothing
     */
    default ImageDataset without(java.util.Set<String> names) {
        java.util.Set<String> missing = new java.util.TreeSet<>(names);
        int[] kept = new int[size()];
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (!missing.remove(name(i)) && !names.contains(name(i))) {
                kept[n++] = i;
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(description() + " has no image named " + missing.stream().limit(5).toList());
        }
        return new io.qvit.data.internal.FilteredDataset(this, java.util.Arrays.copyOf(kept, n),
                description() + " without " + names.size() + " images");
    }

    /**
     * {@code n} images drawn without replacement with {@code seed} (a partial Fisher-Yates shuffle on
     * {@link java.util.Random}, whose algorithm the JDK specifies), kept in dataset order; the whole
     * dataset when {@code n >= size()}.
     */
    default ImageDataset sample(int n, long seed) {
        if (n >= size()) {
            return this;
        }
        int[] order = new int[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] picked = java.util.Arrays.copyOf(order, n);
        java.util.Arrays.sort(picked);
        return new io.qvit.data.internal.FilteredDataset(this, picked,
                description() + ", " + n + " drawn with seed " + seed);
    }
}
