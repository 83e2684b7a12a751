package io.qvit.data;

import io.qvit.api.tensor.Tensor;

/**
 * A batch of preprocessed images: {@code data} holds {@code size()} images as float32
 * {@code [B, C, H, W]}, row-major, with their dataset indices, names and class labels.
 *
 * @param data the images, {@code size() * channels * height * width} values
 * @param channels C
 * @param height H
 * @param width W
 * @param indices dataset index of each image
 * @param names dataset name of each image
 * @param labels class index of each image
 */
public record Batch(float[] data, int channels, int height, int width, int[] indices, String[] names, int[] labels) {
    /** Checks that the arrays agree. */
    public Batch {
        int b = indices.length;
        if (names.length != b || labels.length != b || (long) b * channels * height * width != data.length) {
            throw new IllegalArgumentException("inconsistent batch: " + b + " images, " + data.length + " values");
        }
    }

    /** Number of images B. */
    public int size() {
        return indices.length;
    }

    /** The shape {@code [B, C, H, W]}. */
    public int[] shape() {
        return new int[] {size(), channels, height, width};
    }

    /** The data as a tensor of shape {@code [B, C, H, W]} (shares the array). */
    public Tensor tensor() {
        return Tensor.of(data, shape());
    }
}
