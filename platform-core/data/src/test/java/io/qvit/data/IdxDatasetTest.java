package io.qvit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written by the test: reading, gzip, validation errors, and the dataset view. */
class IdxDatasetTest {
    @TempDir
    Path dir;

    static byte[] idx(int typeCode, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        return bos.toByteArray();
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    /** 3 images of 4x5 with pixel value i*20 + position, labels 7, 8, 9. */
    private void fashionLike(String prefix, boolean gz) throws IOException {
        byte[] px = new byte[3 * 5 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i / 20) * 20 + i % 20);
        }
        byte[] images = idx(0x08, new int[] {3, 5, 4}, px);
        byte[] labels = idx(0x08, new int[] {3}, new byte[] {7, 8, 9});
        write(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : ""), gz ? gzip(images) : images);
        write(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : ""), gz ? gzip(labels) : labels);
    }

    @Test
    void readsPlainAndGzipSplits() throws IOException {
        fashionLike("train", false);
        fashionLike("t10k", true);
        for (boolean train : new boolean[] {true, false}) {
            IdxDataset d = IdxDataset.mnistSplit(dir, train);
            assertEquals(3, d.size());
            assertEquals(4, d.width());
            assertEquals(5, d.height());
            assertEquals(8, d.label(1));
            Image8 img = d.read(1);
            assertEquals(1, img.channels());
            assertEquals(20 + 6, img.get(2, 1, 0)); // row 1, column 2 -> position 6
            assertTrue(d.name(2).endsWith("#2"));
        }
        IdxDataset d = IdxDataset.mnistSplit(dir, true);
        float[] t = new NormalizeTransform(4, 5, List.of(0.5), List.of(0.5)).apply(d.read(0));
        assertEquals((0 / 255f - 0.5f) / 0.5f, t[0], 0f);
        assertEquals((19 / 255f - 0.5f) / 0.5f, t[19], 0f);
        assertEquals(64, d.checksum().length());
        assertNotEquals(d.checksum(), IdxDataset.mnistSplit(dir, true).subset(0, 2).checksum());
        assertNotEquals(d.checksum(), IdxDataset.mnistSplit(dir, false).checksum(), "image names differ between splits");
    }

    @Test
    void rawFileAccessors() throws IOException {
        Path p = write("ints.idx", idx(0x0C, new int[] {2}, new byte[] {0, 0, 1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE}));
        IdxFile f = IdxFile.read(p);
        assertEquals(IdxFile.DataType.INT, f.type());
        assertArrayEquals(new int[] {2}, f.dims());
        assertEquals(256, f.intValue(0));
        assertEquals(-2, f.intValue(1));
    }

    private void assertFormatError(byte[] content, String expectedFragment) throws IOException {
        Path p = write("bad.idx", content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("bad.idx") && e.getMessage().contains(expectedFragment), e.getMessage());
    }

    @Test
    void validationErrors() throws IOException {
        byte[] good = idx(0x08, new int[] {2, 2, 2}, new byte[8]);
        byte[] magic = good.clone();
        magic[0] = 1;
        assertFormatError(magic, "magic");
        byte[] dtype = good.clone();
        dtype[2] = 0x07;
        assertFormatError(dtype, "data type");
        assertFormatError(new byte[] {0, 0, 8}, "too short");
        assertFormatError(java.util.Arrays.copyOf(good, 10), "truncated IDX header");
        assertFormatError(java.util.Arrays.copyOf(good, good.length - 1), "needs 8 data bytes");
        assertFormatError(java.util.Arrays.copyOf(good, good.length + 3), "the file has 11");
        byte[] rank0 = {0, 0, 8, 0};
        assertFormatError(rank0, "0 dimensions");
        byte[] gz = gzip(good);
        assertFormatError(java.util.Arrays.copyOf(gz, gz.length - 6), "gzip");
        assertEquals(8, IdxFile.read(write("ok.idx.gz", gz)).count());
    }

    @Test
    void dimensionsWhoseProductOverflowsAreRefused() throws IOException {
        // 65536^4 = 2^64 elements wrap to 0 in a long: this 20-byte file claimed to be a valid empty array
        assertFormatError(idx(0x08, new int[] {65536, 65536, 65536, 65536}, new byte[0]), "needs more than");
        assertFormatError(idx(0x0C, new int[] {1 << 30}, new byte[0]), "needs more than");
    }

    @Test
    void datasetValidation() throws IOException {
        Path images = write("im", idx(0x08, new int[] {2, 3, 3}, new byte[18]));
        Path labels3 = write("lb3", idx(0x08, new int[] {3}, new byte[3]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxDataset.open(images, labels3));
        assertTrue(e.getMessage().contains("lb3") && e.getMessage().contains("3 labels for the 2 images"), e.getMessage());
        Path flat = write("flat", idx(0x08, new int[] {18}, new byte[18]));
        e = assertThrows(DatasetFormatException.class, () -> IdxDataset.open(flat, labels3));
        assertTrue(e.getMessage().contains("flat") && e.getMessage().contains("[N, H, W]"), e.getMessage());
        Path floats = write("fl", idx(0x0D, new int[] {2}, new byte[8]));
        e = assertThrows(DatasetFormatException.class, () -> IdxDataset.open(images, floats));
        assertTrue(e.getMessage().contains("fl") && e.getMessage().contains("labels [N]"), e.getMessage());
        e = assertThrows(DatasetFormatException.class, () -> IdxDataset.mnistSplit(dir.resolve("none"), true));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void installedFashionMnistIfPresent() throws IOException {
        Path fm = Path.of("/usr/share/datasets/fashion-mnist");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fm),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist): skipping");
        IdxDataset test = IdxDataset.mnistSplit(fm, false);
        assertEquals(10000, test.size());
        assertEquals(28, test.width());
        assertEquals(28, test.height());
    }
}
