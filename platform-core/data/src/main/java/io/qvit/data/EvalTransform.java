package io.qvit.data;

import io.qvit.api.model.Preprocessing;
import java.util.List;

/**
 * timm's evaluation preprocessing for a model's {@link Preprocessing}: torchvision
 * {@code Resize(resizeSize(), interpolation)} of the shorter side (PIL-exact), {@code CenterCrop(inputSize)},
 * {@code ToTensor()}, {@code Normalize(mean, std)}. Grayscale images are replicated to RGB first.
 * Only the cropped pixels are resampled; the result is bit-identical to resizing then cropping.
 */
public final class EvalTransform implements ImageTransform {
    private final int inputSize;
    private final int resizeSize;
    private final Resampling filter;
    private final float[] mean;
    private final float[] std;

    /** The pipeline for {@code preprocessing}. */
    public EvalTransform(Preprocessing preprocessing) {
        this(preprocessing.inputSize(), preprocessing.resizeSize(), Resampling.fromName(preprocessing.interpolation()),
                preprocessing.mean(), preprocessing.std());
    }

    /** The pipeline with explicit parameters (three channels). */
    public EvalTransform(int inputSize, int resizeSize, Resampling filter, List<Double> mean, List<Double> std) {
        if (inputSize <= 0 || resizeSize < inputSize) {
            throw new IllegalArgumentException("need 0 < inputSize <= resizeSize, got " + inputSize + ", " + resizeSize);
        }
        if (mean.size() != 3 || std.size() != 3) {
            throw new IllegalArgumentException("mean and std need 3 values each, got " + mean + ", " + std);
        }
        this.inputSize = inputSize;
        this.resizeSize = resizeSize;
        this.filter = filter;
        this.mean = toFloats(mean);
        this.std = toFloats(std);
    }

    static float[] toFloats(List<Double> values) {
        float[] f = new float[values.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = values.get(i).floatValue(); // torch.as_tensor(list, dtype=float32)
        }
        return f;
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return inputSize;
    }

    @Override
    public int width() {
        return inputSize;
    }

    /** The resize and crop only, as 8-bit RGB: the image a PIL pipeline has just before {@code ToTensor}. */
    public Image8 resizeAndCrop(Image8 image) {
        Image8 rgb = image.toRgb();
        int[] wh = TorchvisionOps.resizedSize(rgb.width(), rgb.height(), resizeSize);
        if (wh[0] < inputSize || wh[1] < inputSize) {
            throw new IllegalArgumentException("image " + rgb.width() + "x" + rgb.height() + " resizes to "
                    + wh[0] + "x" + wh[1] + ", smaller than the " + inputSize + " crop");
        }
        int[] o = TorchvisionOps.centerCropOrigin(wh[0], wh[1], inputSize, inputSize);
        if (wh[0] == rgb.width() && wh[1] == rgb.height()) {
            return TorchvisionOps.centerCrop(rgb, inputSize, inputSize);
        }
        return PilResize.resizeWindow(rgb, wh[0], wh[1], filter, o[0], o[1], inputSize, inputSize);
    }

    @Override
    public void apply(Image8 image, float[] out, int offset) {
        TorchvisionOps.toNormalizedTensor(resizeAndCrop(image), mean, std, out, offset);
    }

    @Override
    public String toString() {
        return "EvalTransform[resize " + resizeSize + " " + filter.name().toLowerCase() + ", crop " + inputSize + "]";
    }
}
