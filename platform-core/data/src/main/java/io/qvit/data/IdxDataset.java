package io.qvit.data;

import io.qvit.data.internal.DatasetChecksum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Grayscale images and labels from a pair of IDX files (MNIST, Fashion-MNIST): an unsigned-byte
 * array {@code [N, H, W]} of images and an unsigned-byte array {@code [N]} of class indices.
 * Image {@code i} is named {@code <images file name>#<i>}; {@link #read(int)} gives a 1-channel
 * {@link Image8}. Both files are held in memory (Fashion-MNIST's training set is 47 MB).
 */
public final class IdxDataset implements ImageDataset {
    private final IdxFile images;
    private final IdxFile labels;
    private final int count;
    private final int height;
    private final int width;
    private final String prefix;
    private final DatasetChecksum checksum = new DatasetChecksum();

    private IdxDataset(IdxFile images, IdxFile labels) {
        this.images = images;
        this.labels = labels;
        int[] d = images.dims();
        this.count = d[0];
        this.height = d[1];
        this.width = d[2];
        this.prefix = images.file().getFileName() + "#";
    }

    /**
     * Opens an images file and a labels file.
     *
     * @throws DatasetFormatException naming the file if either is malformed or they disagree
     */
    public static IdxDataset open(Path imagesFile, Path labelsFile) throws IOException {
        IdxFile images = IdxFile.read(imagesFile);
        IdxFile labels = IdxFile.read(labelsFile);
        if (images.type() != IdxFile.DataType.UBYTE || images.dims().length != 3) {
            throw new DatasetFormatException(imagesFile, "expected unsigned-byte images [N, H, W], got "
                    + images.type() + " " + Arrays.toString(images.dims()));
        }
        if (labels.type() != IdxFile.DataType.UBYTE || labels.dims().length != 1) {
            throw new DatasetFormatException(labelsFile, "expected unsigned-byte labels [N], got "
                    + labels.type() + " " + Arrays.toString(labels.dims()));
        }
        if (images.dims()[1] == 0 || images.dims()[2] == 0) {
            throw new DatasetFormatException(imagesFile, "images have an empty dimension: " + Arrays.toString(images.dims()));
        }
        if (images.dims()[0] != labels.dims()[0]) {
            throw new DatasetFormatException(labelsFile, labels.dims()[0] + " labels for the "
                    + images.dims()[0] + " images of " + imagesFile);
        }
        return new IdxDataset(images, labels);
    }

    /**
     * The training ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}) or test
     * ({@code t10k-...}) split of an MNIST-style folder, such as {@code /usr/share/datasets/fashion-mnist};
     * each file may also carry a {@code .gz} suffix.
     */
    public static IdxDataset mnistSplit(Path dir, boolean train) throws IOException {
        String p = train ? "train" : "t10k";
        return open(find(dir, p + "-images-idx3-ubyte"), find(dir, p + "-labels-idx1-ubyte"));
    }

    private static Path find(Path dir, String base) throws DatasetFormatException {
        for (String name : new String[] {base, base + ".gz", base.replace("-idx", ".idx")}) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new DatasetFormatException(dir.resolve(base), "no such file (nor with .gz)");
    }

    @Override
    public int size() {
        return count;
    }

    /** Image height. */
    public int height() {
        return height;
    }

    /** Image width. */
    public int width() {
        return width;
    }

    @Override
    public String name(int index) {
        checkIndex(index);
        return prefix + index;
    }

    @Override
    public int label(int index) {
        checkIndex(index);
        return labels.rawBytes()[labels.dataOffset() + index] & 0xff;
    }

    @Override
    public Image8 read(int index) {
        checkIndex(index);
        int n = height * width;
        int from = images.dataOffset() + index * n;
        return new Image8(width, height, 1, Arrays.copyOfRange(images.rawBytes(), from, from + n));
    }

    @Override
    public void digestEntry(int index, MessageDigest digest) {
        DatasetChecksum.digestHeader(digest, name(index), label(index));
        int n = height * width;
        DatasetChecksum.digestBytes(digest, images.rawBytes(), images.dataOffset() + index * n, n);
    }

    @Override
    public String checksum() throws IOException {
        return checksum.get(this);
    }

    @Override
    public String description() {
        return images.file() + " + " + labels.file();
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image " + index + " of " + count + " in " + images.file());
        }
    }
}
