package io.qvit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.data.internal.PixelLimit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #21: an image larger than the pixel limit (a small JPEG claiming 26000x26000, or any image
 * over {@code qvit.limits.imagePixels}) is refused from its header and skipped like a corrupt one,
 * named; a symbolic link loop in an image folder is one clear dataset error.
 */
class HostileImagesTest {
    @TempDir
    Path dir;

    /** A real small JPEG whose frame header is rewritten to claim {@code width} x {@code height}. */
    static byte[] claimingJpeg(int width, int height) throws IOException {
        byte[] data = ImageDecoderTest.jpeg(ImageDecoderTest.smoothRgb(16, 16), null, null);
        for (int i = 2; i + 8 < data.length; i++) {
            if ((data[i] & 0xff) == 0xFF && (data[i + 1] & 0xff) == 0xC0) {
                data[i + 5] = (byte) (height >> 8);
                data[i + 6] = (byte) height;
                data[i + 7] = (byte) (width >> 8);
                data[i + 8] = (byte) width;
                return data;
            }
        }
        throw new AssertionError("no SOF0 marker");
    }

    @Test
    void smallJpegClaiming26000SquaredIsRefusedFromItsHeader() throws Exception {
        byte[] bomb = claimingJpeg(26000, 26000);
        assertTrue(bomb.length < 2000);
        ImageDecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(bomb, "bomb.jpg")));
        assertEquals("bomb.jpg: image of 26000x26000 = 676000000 pixels exceeds the limit of 178956970 pixels "
                + "(a decompression bomb?); raise it with -Dqvit.limits.imagePixels=...", e.getMessage());
    }

    @Test
    void pngOverALoweredLimitIsRefusedAndTheLimitCanBeRaised() throws Exception {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(ImageDecoderTest.smoothRgb(40, 30), "png", png);
        String old = System.setProperty(PixelLimit.PROPERTY, "1000");
        try {
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> ImageDecoder.decode(png.toByteArray(), "big.png"));
            assertTrue(e.getMessage().startsWith("big.png: image of 40x30 = 1200 pixels exceeds the limit of 1000"),
                    e.getMessage());
            System.setProperty(PixelLimit.PROPERTY, "1200");
            assertEquals(40, ImageDecoder.decode(png.toByteArray(), "big.png").width());
        } finally {
            if (old == null) {
                System.clearProperty(PixelLimit.PROPERTY);
            } else {
                System.setProperty(PixelLimit.PROPERTY, old);
            }
        }
    }

    @Test
    void bombInADatasetIsSkippedAndNamed() throws Exception {
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String name = "img" + i + ".jpg";
            Files.write(dir.resolve(name), i == 1 ? claimingJpeg(26000, 26000)
                    : ImageDecoderTest.jpeg(ImageDecoderTest.smoothRgb(20, 18), null, null));
            labels.append(name).append(' ').append(i).append('\n');
        }
        Files.writeString(dir.resolve("labels.txt"), labels);
        FileImageDataset d = FileImageDataset.labelled(dir);
        ImageTransform t = new EvalTransform(8, 9, Resampling.BICUBIC, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));
        int images = 0;
        try (BatchLoader loader = new BatchLoader(d, t, 2, 1)) {
            for (Batch b : loader) {
                images += b.size();
            }
            assertEquals(2, images);
            assertEquals(1, loader.skipped().size());
            assertTrue(loader.skipped().get(0).toString().contains("img1.jpg"), loader.skipped().toString());
            assertTrue(loader.skipped().get(0).toString().contains("exceeds the limit"), loader.skipped().toString());
        }
    }

    @Test
    void symbolicLinkLoopInAClassFolderIsOneDatasetError() throws Exception {
        Path cls = Files.createDirectories(dir.resolve("root/n01"));
        Files.write(cls.resolve("a.jpg"), ImageDecoderTest.jpeg(ImageDecoderTest.smoothRgb(20, 18), null, null));
        try {
            Files.createSymbolicLink(cls.resolve("loop"), cls);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "cannot create symbolic links here: " + e);
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> FileImageDataset.classFolders(dir.resolve("root")));
        assertTrue(e.getMessage().startsWith(dir.resolve("root") + ": symbolic link loop: "), e.getMessage());
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
