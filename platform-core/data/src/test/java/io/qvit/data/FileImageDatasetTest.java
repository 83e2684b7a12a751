package io.qvit.data;

import io.qvit.testsupport.SharedData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three file layouts, their error messages, and the content checksum. */
class FileImageDatasetTest {
    @TempDir
    Path dir;

    private byte[] jpegBytes;

    private byte[] jpeg() throws IOException {
        if (jpegBytes == null) {
            jpegBytes = ImageDecoderTest.jpeg(ImageDecoderTest.smoothRgb(16, 16), null, null);
        }
        return jpegBytes;
    }

    private Path image(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path p = folder.resolve(name);
        Files.write(p, jpeg());
        return p;
    }

    private Path text(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void labelsFileNamesWithApostrophesAndSpaces() throws IOException {
        image(dir, "n02966687_carpenter's_kit.JPEG");
        image(dir, "jack-o'-lantern with spaces.JPEG");
        image(dir, "plain.jpg");
        text(dir.resolve("labels.txt"), "n02966687_carpenter's_kit.JPEG 477\r\n"
                + "jack-o'-lantern with spaces.JPEG\t607\n\n  plain.jpg   3  \n");
        FileImageDataset d = FileImageDataset.labelled(dir);
        assertEquals(3, d.size());
        assertEquals("n02966687_carpenter's_kit.JPEG", d.name(0));
        assertEquals(477, d.label(0));
        assertEquals("jack-o'-lantern with spaces.JPEG", d.name(1));
        assertEquals(607, d.label(1));
        assertEquals("plain.jpg", d.name(2));
        assertEquals(3, d.label(2));
        assertEquals(16, d.read(1).width());
    }

    @Test
    void labelsFileErrorsNameFileAndLine() throws IOException {
        image(dir, "a.jpg");
        Path labels = dir.resolve("labels.txt");
        text(labels, "a.jpg 1\nb.jpg\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir));
        assertTrue(e.getMessage().startsWith(labels + ":2: "), e.getMessage());
        assertEquals(2, e.line());

        text(labels, "a.jpg 1\na.jpg two\n");
        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir));
        assertTrue(e.getMessage().contains("labels.txt:2:") && e.getMessage().contains("'two'"), e.getMessage());

        text(labels, "a.jpg -4\n");
        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir));
        assertTrue(e.getMessage().contains("labels.txt:1:"), e.getMessage());

        text(labels, "a.jpg 1\n\na.jpg 2\n");
        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir));
        assertTrue(e.getMessage().contains("labels.txt:3:") && e.getMessage().contains("line 1"), e.getMessage());

        text(labels, "a.jpg 1\nmissing file.jpg 2\n");
        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir));
        assertTrue(e.getMessage().contains("labels.txt:2:") && e.getMessage().contains("missing file.jpg"), e.getMessage());

        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.labelled(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("labels.txt"), e.getMessage());
    }

    @Test
    void classFoldersSortedOrFromSynsets() throws IOException {
        image(dir.resolve("n02"), "z.jpg");
        image(dir.resolve("n02"), "a.JPEG");
        image(dir.resolve("n01/sub"), "b.png");
        image(dir.resolve("n01"), "c.jpg");
        Files.writeString(dir.resolve("n01/notes.txt"), "not an image");
        FileImageDataset d = FileImageDataset.classFolders(dir);
        assertEquals(List.of("n01/c.jpg", "n01/sub/b.png", "n02/a.JPEG", "n02/z.jpg"),
                List.of(d.name(0), d.name(1), d.name(2), d.name(3)));
        assertEquals(List.of(0, 0, 1, 1), List.of(d.label(0), d.label(1), d.label(2), d.label(3)));

        Path synsets = text(dir.resolve("../synsets.tsv").normalize(), "index\tsynset\tname\n0\tn00\tzero\n5\tn01\tfive\n7\tn02\tseven\n");
        FileImageDataset s = FileImageDataset.classFolders(dir, synsets);
        assertEquals(List.of(5, 5, 7, 7), List.of(s.label(0), s.label(1), s.label(2), s.label(3)));

        text(synsets, "index\tsynset\n0\tn01\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.classFolders(dir, synsets));
        assertTrue(e.getMessage().contains("n02"), e.getMessage());

        text(synsets, "index\tsynset\n0\tn01\nx\tn02\n");
        e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.classFolders(dir, synsets));
        assertTrue(e.getMessage().contains("synsets.tsv:3:"), e.getMessage());
    }

    @Test
    void listFileTakesLabelsFromTheImageFolder() throws IOException {
        Path val = dir.resolve("val");
        image(val, "x1.JPEG");
        image(val, "x2.JPEG");
        image(val, "x3.JPEG");
        text(val.resolve("labels.txt"), "x1.JPEG 10\nx2.JPEG 20\nx3.JPEG 30\n");
        Path list = text(dir.resolve("calib.txt"), "x3.JPEG\nx1.JPEG\n");
        FileImageDataset d = FileImageDataset.listed(list, val);
        assertEquals(2, d.size());
        assertEquals("x3.JPEG", d.name(0));
        assertEquals(30, d.label(0));
        assertEquals(10, d.label(1));

        text(list, "x3.JPEG\n\nx9.JPEG\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FileImageDataset.listed(list, val));
        assertTrue(e.getMessage().startsWith(list + ":3: ") && e.getMessage().contains("x9.JPEG"), e.getMessage());
    }

    @Test
    void checksumCoversNamesLabelsAndBytes() throws IOException {
        image(dir, "a.jpg");
        image(dir, "b.jpg");
        Path labels = text(dir.resolve("labels.txt"), "a.jpg 1\nb.jpg 2\n");
        String c1 = FileImageDataset.labelled(dir).checksum();
        assertEquals(64, c1.length());
        assertEquals(c1, FileImageDataset.labelled(dir).checksum(), "deterministic");

        text(labels, "a.jpg 1\nb.jpg 3\n");
        String c2 = FileImageDataset.labelled(dir).checksum();
        assertNotEquals(c1, c2, "label change");

        text(labels, "a.jpg 1\nb.jpg 2\n");
        byte[] b = Files.readAllBytes(dir.resolve("b.jpg"));
        b[b.length / 2] ^= 1;
        Files.write(dir.resolve("b.jpg"), b);
        assertNotEquals(c1, FileImageDataset.labelled(dir).checksum(), "content change");

        FileImageDataset d = FileImageDataset.labelled(dir);
        assertNotEquals(d.checksum(), d.subset(0, 1).checksum(), "subset");
        assertEquals(d.checksum(), d.checksum(), "memoised");
    }

    @Test
    void sharedCalibrationList() throws IOException {
        Path list = SharedData.file("data/imagenet/calib-32.txt");
        Path val = SharedData.file("data/imagenet/val-1300-227px");
        FileImageDataset calib = FileImageDataset.listed(list, val);
        assertEquals(32, calib.size());
        assertEquals("ILSVRC2012_val_00003876.JPEG", calib.name(0));
        Image8 img = calib.read(0);
        assertEquals(227, img.width());
        assertEquals(227, img.height());
    }

    @Test
    void sharedSampleLabelsAndClassFolderReaderAgreeOnSynsets() throws IOException {
        Path sample = SharedData.file("data/imagenet/sample-1000");
        FileImageDataset d = FileImageDataset.labelled(sample);
        assertEquals(1000, d.size());
        boolean apostrophe = false;
        for (int i = 0; i < d.size(); i++) {
            apostrophe |= d.name(i).contains("'");
        }
        assertTrue(apostrophe, "sample-1000 has names with apostrophes");
    }
}
