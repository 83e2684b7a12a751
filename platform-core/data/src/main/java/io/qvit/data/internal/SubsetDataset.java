package io.qvit.data.internal;

import io.qvit.data.Image8;
import io.qvit.data.ImageDataset;
import java.io.IOException;
import java.security.MessageDigest;

/** A contiguous range of another dataset's images, with its own checksum. */
public final class SubsetDataset implements ImageDataset {
    private final ImageDataset base;
    private final int from;
    private final int size;
    private final DatasetChecksum checksum = new DatasetChecksum();

    /** Images {@code from} (inclusive) to {@code to} (exclusive) of {@code base}. */
    public SubsetDataset(ImageDataset base, int from, int to) {
        if (from < 0 || to > base.size() || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of a dataset of " + base.size() + " images");
        }
        this.base = base;
        this.from = from;
        this.size = to - from;
    }

    private int map(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("image " + index + " of a subset of " + size);
        }
        return from + index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        return base.name(map(index));
    }

    @Override
    public int label(int index) {
        return base.label(map(index));
    }

    @Override
    public Image8 read(int index) throws IOException {
        return base.read(map(index));
    }

    @Override
    public void digestEntry(int index, MessageDigest digest) throws IOException {
        base.digestEntry(map(index), digest);
    }

    @Override
    public String checksum() throws IOException {
        return checksum.get(this);
    }

    @Override
    public String description() {
        return base.description() + "[" + from + ":" + (from + size) + "]";
    }
}
