package io.qvit.testsupport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A labelled image folder generated in the test: {@code count} PNGs of random pixels named
 * {@code img<i>.png} and a {@code labels.txt} with {@code <file> <i mod classes>} per line, the
 * layout qvit reads as an image set.
 */
public final class TestImages {
    private TestImages() {
    }

    /**
     * Writes the folder.
     *
     * @param folder created if absent
     * @param count images
     * @param width pixels (any size: the model's transform resizes)
     * @param height pixels
     * @param classes labels cycle through {@code 0..classes-1}
     * @param seed pixel values are drawn from {@code new Random(seed)}
     * @return {@code folder}
     * @throws IOException when writing fails
     */
    public static Path write(Path folder, int count, int width, int height, int classes, long seed) throws IOException {
        Files.createDirectories(folder);
        Random r = new Random(seed);
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            ImageIO.write(img, "png", folder.resolve("img" + i + ".png").toFile());
            labels.append("img").append(i).append(".png ").append(i % classes).append('\n');
        }
        Files.writeString(folder.resolve("labels.txt"), labels);
        return folder;
    }
}
