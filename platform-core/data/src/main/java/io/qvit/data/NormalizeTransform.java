package io.qvit.data;

import java.util.List;

/**
 * {@code ToTensor()} and {@code Normalize(mean, std)} without any resizing, for datasets whose
 * images already have the model's input size (IDX files such as Fashion-MNIST).
 */
public final class NormalizeTransform implements ImageTransform {
    private final int channels;
    private final int height;
    private final int width;
    private final float[] mean;
    private final float[] std;

    /**
     * Expects images of {@code width x height} with {@code mean.size()} channels (a grayscale image is
     * replicated when three channels are expected).
     */
    public NormalizeTransform(int width, int height, List<Double> mean, List<Double> std) {
        if (mean.size() != std.size() || mean.isEmpty()) {
            throw new IllegalArgumentException("mean and std must have the same, non-zero length");
        }
        this.channels = mean.size();
        this.width = width;
        this.height = height;
        this.mean = EvalTransform.toFloats(mean);
        this.std = EvalTransform.toFloats(std);
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void apply(Image8 image, float[] out, int offset) {
        Image8 img = image.channels() == 1 && channels == 3 ? image.toRgb() : image;
        if (img.width() != width || img.height() != height || img.channels() != channels) {
            throw new IllegalArgumentException("expected a " + width + "x" + height + "x" + channels
                    + " image, got " + img.width() + "x" + img.height() + "x" + img.channels());
        }
        TorchvisionOps.toNormalizedTensor(img, mean, std, out, offset);
    }
}
