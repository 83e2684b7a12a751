package io.qvit.data;

import io.qvit.data.internal.Resampler;

/**
 * {@code PIL.Image.resize(size, resample, box)} for 8-bit images, reproduced bit for bit: separable
 * convolution with the kernel stretched by the downscale factor (antialiasing), weights normalised
 * per output pixel and converted to 22-bit fixed point, horizontal pass first over only the rows
 * the vertical pass needs, each pass rounded and clipped to uint8.
 */
public final class PilResize {
    private PilResize() {
    }

    /** Resizes the whole image to {@code width x height}. */
    public static Image8 resize(Image8 image, int width, int height, Resampling filter) {
        if (width == image.width() && height == image.height()) {
            return new Image8(width, height, image.channels(), image.pixels().clone()); // PIL returns a copy
        }
        return resize(image, width, height, filter, new float[] {0, 0, image.width(), image.height()});
    }

    /**
     * Resizes the source region {@code box} = (left, top, right, bottom), in single-precision
     * pixel coordinates as PIL's box, to {@code width x height}.
     */
    public static Image8 resize(Image8 image, int width, int height, Resampling filter, float[] box) {
        if (box.length != 4) {
            throw new IllegalArgumentException("box needs 4 values (left, top, right, bottom)");
        }
        if (box[0] < 0 || box[1] < 0 || box[2] > image.width() || box[3] > image.height()
                || box[2] - box[0] < 0 || box[3] - box[1] < 0) {
            throw new IllegalArgumentException("box " + java.util.Arrays.toString(box) + " is outside the "
                    + image.width() + "x" + image.height() + " image");
        }
        return Resampler.resample(image, width, height, filter, box.clone(), 0, 0, width, height);
    }

    /**
     * Resizes the whole image to {@code width x height} and returns only the window
     * {@code (x, y, w, h)} of the result: bit-identical to resizing and then cropping, but without
     * computing the discarded pixels.
     */
    public static Image8 resizeWindow(Image8 image, int width, int height, Resampling filter, int x, int y, int w, int h) {
        return Resampler.resample(image, width, height, filter,
                new float[] {0, 0, image.width(), image.height()}, x, y, w, h);
    }
}
