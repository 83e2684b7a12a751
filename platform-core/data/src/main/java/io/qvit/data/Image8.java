package io.qvit.data;

import java.util.Objects;

/**
 * An 8-bit image held in memory: {@code height} rows of {@code width} pixels of {@code channels}
 * interleaved samples (row-major, HWC), as PIL holds an {@code "L"} (one channel) or
 * {@code "RGB"} (three channels) image.
 *
 * <p>The pixel array is shared, not copied; treat it as read-only once the image is handed on.
 */
public final class Image8 {
    private final int width;
    private final int height;
    private final int channels;
    private final byte[] pixels;

    /**
     * Wraps {@code pixels} (not copied).
     *
     * @throws IllegalArgumentException if a size is not positive or the array length disagrees
     */
    public Image8(int width, int height, int channels, byte[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException("invalid image size " + width + "x" + height + "x" + channels);
        }
        if ((long) width * height * channels != pixels.length) {
            throw new IllegalArgumentException("image " + width + "x" + height + "x" + channels
                    + " needs " + ((long) width * height * channels) + " bytes, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = pixels;
    }

    /** Width in pixels. */
    public int width() {
        return width;
    }

    /** Height in pixels. */
    public int height() {
        return height;
    }

    /** Samples per pixel: 1 (grayscale) or 3 (RGB). */
    public int channels() {
        return channels;
    }

    /** The interleaved samples, row-major (not a copy). */
    public byte[] pixels() {
        return pixels;
    }

    /** The sample of channel {@code c} at column {@code x}, row {@code y}, as 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    /** This image with three channels: itself if it has three, a grayscale image replicated (PIL's {@code convert("RGB")}). */
    public Image8 toRgb() {
        if (channels == 3) {
            return this;
        }
        if (channels != 1) {
            throw new IllegalStateException("cannot convert a " + channels + "-channel image to RGB");
        }
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0, j = 0; i < pixels.length; i++, j += 3) {
            byte v = pixels[i];
            rgb[j] = v;
            rgb[j + 1] = v;
            rgb[j + 2] = v;
        }
        return new Image8(width, height, 3, rgb);
    }

    @Override
    public String toString() {
        return "Image8[" + width + "x" + height + "x" + channels + "]";
    }
}
