package io.qvit.data.internal;

import io.qvit.data.Image8;
import io.qvit.data.ImageDataset;
import java.io.IOException;
import java.security.MessageDigest;

/** The images of another dataset at chosen indices, in their original order, with its own checksum. */
public final class FilteredDataset implements ImageDataset {
    private final ImageDataset base;
    private final int[] kept;
    private final String description;
    private final DatasetChecksum checksum = new DatasetChecksum();

    /** The images of {@code base} at {@code kept} (ascending indices). */
    public FilteredDataset(ImageDataset base, int[] kept, String description) {
        this.base = base;
        this.kept = kept.clone();
        this.description = description;
    }

    @Override
    public int size() {
        return kept.length;
    }

    @Override
    public String name(int index) {
        return base.name(kept[index]);
    }

    @Override
    public int label(int index) {
        return base.label(kept[index]);
    }

    @Override
    public Image8 read(int index) throws IOException {
        return base.read(kept[index]);
    }

    @Override
    public void digestEntry(int index, MessageDigest digest) throws IOException {
        base.digestEntry(kept[index], digest);
    }

    @Override
    public String checksum() throws IOException {
        return checksum.get(this);
    }

    @Override
    public String description() {
        return description;
    }
}
