package io.qvit.api.model;

import java.util.List;

/**
 * How an image is turned into a model input, as timm's data config says: resize the shorter side
 * to {@code floor(inputSize / cropPct)} with the given interpolation, center crop to
 * {@code inputSize}, scale to [0, 1], then subtract {@code mean} and divide by {@code std} per
 * channel (RGB order).
 *
 * @param inputSize side of the square model input in pixels
 * @param cropPct fraction of the resized image that the center crop keeps, in (0, 1]
 * @param interpolation resampling filter of the resize, {@code "bicubic"} or {@code "bilinear"}
 * @param mean per-channel mean, three values
 * @param std per-channel standard deviation, three values
 */
public record Preprocessing(int inputSize, double cropPct, String interpolation, List<Double> mean, List<Double> std) {
    /** ImageNet mean and std, crop 0.875, bicubic: timm's DeiT default. */
    public static Preprocessing imagenetDefault(int inputSize) {
        return new Preprocessing(inputSize, 0.875, "bicubic", List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));
    }

    /** Validates the values. */
    public Preprocessing {
        if (inputSize <= 0) {
            throw new IllegalArgumentException("inputSize must be positive: " + inputSize);
        }
        if (!(cropPct > 0 && cropPct <= 1)) {
            throw new IllegalArgumentException("cropPct must be in (0, 1]: " + cropPct);
        }
        mean = List.copyOf(mean);
        std = List.copyOf(std);
        if (mean.size() != std.size()) {
            throw new IllegalArgumentException("mean and std must have the same number of channels");
        }
    }

    /** The side the shorter image edge is resized to before the crop, {@code floor(inputSize / cropPct)}. */
    public int resizeSize() {
        return (int) Math.floor(inputSize / cropPct);
    }
}
