package io.qvit.data;

import io.qvit.testsupport.SharedData;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming, parallel batch loading with skipped corrupt images. */
class BatchLoaderTest {
    @TempDir
    Path dir;

    private FileImageDataset dataset(int n, int corruptIndex) throws IOException {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = "img " + i + ".jpg";
            byte[] data = ImageDecoderTest.jpeg(ImageDecoderTest.smoothRgb(20 + i, 18), null, null);
            if (i == corruptIndex) {
                data = java.util.Arrays.copyOf(data, data.length / 3);
            }
            Files.write(dir.resolve(name), data);
            labels.append(name).append(' ').append(100 + i).append('\n');
        }
        Files.writeString(dir.resolve("labels.txt"), labels);
        return FileImageDataset.labelled(dir);
    }

    private static ImageTransform transform() {
        return new EvalTransform(8, 9, Resampling.BICUBIC, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
    }

    @Test
    void batchesAreFullInOrderAndMatchSingleImageTransforms() throws IOException {
        FileImageDataset d = dataset(7, -1);
        ImageTransform t = transform();
        List<Batch> batches = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(d, t, 3, 2)) {
            loader.forEach(batches::add);
            assertTrue(loader.skipped().isEmpty());
        }
        assertEquals(List.of(3, 3, 1), batches.stream().map(Batch::size).toList());
        assertArrayEquals(new int[] {3, 3, 8, 8}, batches.get(0).shape());
        assertArrayEquals(new int[] {3, 4, 5}, batches.get(1).indices());
        assertArrayEquals(new int[] {103, 104, 105}, batches.get(1).labels());
        assertEquals("img 6.jpg", batches.get(2).names()[0]);
        float[] single = t.apply(d.read(4));
        float[] inBatch = java.util.Arrays.copyOfRange(batches.get(1).data(), t.outputSize(), 2 * t.outputSize());
        assertArrayEquals(single, inBatch);
        assertArrayEquals(new int[] {3, 3, 8, 8}, batches.get(1).tensor().shape());
    }

    @Test
    void aCorruptImageIsSkippedAndCounted() throws IOException {
        FileImageDataset d = dataset(5, 2);
        List<Batch> batches = new ArrayList<>();
        List<SkippedImage> skipped;
        try (BatchLoader loader = new BatchLoader(d, transform(), 2, 3)) {
            loader.forEach(batches::add);
            skipped = loader.skipped();
        }
        assertEquals(List.of(2, 2), batches.stream().map(Batch::size).toList(), "the next image fills the gap");
        assertArrayEquals(new int[] {0, 1}, batches.get(0).indices());
        assertArrayEquals(new int[] {3, 4}, batches.get(1).indices());
        assertEquals(1, skipped.size());
        assertEquals(2, skipped.get(0).index());
        assertEquals("img 2.jpg", skipped.get(0).name());
        assertTrue(skipped.get(0).reason().contains("img 2.jpg"), skipped.get(0).reason());
    }

    @Test
    void loadAllAndRepeatedPasses() throws IOException {
        FileImageDataset d = dataset(4, 0);
        try (BatchLoader loader = new BatchLoader(d, transform(), 2, 1)) {
            Batch all = loader.loadAll();
            assertEquals(3, all.size());
            assertEquals(1, loader.skipped().size());
            int images = 0;
            for (Batch b : loader) {
                images += b.size();
            }
            assertEquals(3, images);
            assertEquals(1, loader.skipped().size(), "a new pass starts a new skipped list");
        }
    }

    @Test
    void sharedCalibrationSetLoads() throws IOException {
        Path list = SharedData.file("data/imagenet/calib-32.txt");
        Path val = SharedData.file("data/imagenet/val-1300-227px");
        FileImageDataset calib = FileImageDataset.listed(list, val);
        try (BatchLoader loader = new BatchLoader(calib, new EvalTransform(io.qvit.api.model.Preprocessing.imagenetDefault(224)), 32, 2)) {
            Batch b = loader.loadAll();
            assertArrayEquals(new int[] {32, 3, 224, 224}, b.shape());
            assertTrue(loader.skipped().isEmpty());
        }
    }
}
