package io.qvit.data;

/**
 * The torchvision transforms of timm's evaluation pipeline on PIL images, with torchvision's exact
 * size arithmetic: {@code Resize(int)}, {@code CenterCrop}, {@code ToTensor} and {@code Normalize}.
 */
public final class TorchvisionOps {
    private TorchvisionOps() {
    }

    /**
     * The size {@code Resize(size)} gives an image of {@code width x height}: the shorter side
     * becomes {@code size}, the longer {@code int(size * long / short)}.
     *
     * @return {@code {newWidth, newHeight}}
     */
    public static int[] resizedSize(int width, int height, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("resize size must be positive: " + size);
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) ((long) size * longSide) / shortSide);
        return width <= height ? new int[] {size, newLong} : new int[] {newLong, size};
    }

    /**
     * {@code transforms.Resize(size, interpolation)} on a PIL image: the shorter side to
     * {@code size} with {@link PilResize}; an image already of that size is returned as is.
     */
    public static Image8 resize(Image8 image, int size, Resampling filter) {
        int[] wh = resizedSize(image.width(), image.height(), size);
        if (wh[0] == image.width() && wh[1] == image.height()) {
            return image;
        }
        return PilResize.resize(image, wh[0], wh[1], filter);
    }

    /**
     * The top-left corner of torchvision's center crop: {@code int(round((size - crop) / 2.0))}
     * with Python's round-half-to-even.
     *
     * @return {@code {left, top}}
     */
    public static int[] centerCropOrigin(int width, int height, int cropWidth, int cropHeight) {
        int top = (int) Math.rint((height - cropHeight) / 2.0);
        int left = (int) Math.rint((width - cropWidth) / 2.0);
        return new int[] {left, top};
    }

    /**
     * {@code transforms.CenterCrop((cropHeight, cropWidth))}.
     *
     * @throws IllegalArgumentException if the crop is larger than the image (torchvision would pad;
     *     evaluation pipelines never need that)
     */
    public static Image8 centerCrop(Image8 image, int cropWidth, int cropHeight) {
        if (cropWidth > image.width() || cropHeight > image.height()) {
            throw new IllegalArgumentException("center crop " + cropWidth + "x" + cropHeight
                    + " is larger than the " + image.width() + "x" + image.height() + " image");
        }
        int[] o = centerCropOrigin(image.width(), image.height(), cropWidth, cropHeight);
        int c = image.channels();
        byte[] out = new byte[cropWidth * cropHeight * c];
        for (int y = 0; y < cropHeight; y++) {
            System.arraycopy(image.pixels(), ((o[1] + y) * image.width() + o[0]) * c, out, y * cropWidth * c, cropWidth * c);
        }
        return new Image8(cropWidth, cropHeight, c, out);
    }

    /**
     * {@code ToTensor()} then {@code Normalize(mean, std)} in float32: {@code (v / 255 - mean) / std}
     * per channel, written CHW into {@code out} from {@code offset}.
     */
    public static void toNormalizedTensor(Image8 image, float[] mean, float[] std, float[] out, int offset) {
        int c = image.channels();
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("mean/std have " + mean.length + "/" + std.length
                    + " values for a " + c + "-channel image");
        }
        int plane = image.width() * image.height();
        byte[] px = image.pixels();
        for (int ch = 0; ch < c; ch++) {
            float m = mean[ch];
            float s = std[ch];
            int o = offset + ch * plane;
            for (int i = 0, p = ch; i < plane; i++, p += c) {
                float v = (px[p] & 0xff) / 255f;
                out[o + i] = (v - m) / s;
            }
        }
    }

    /** {@code ToTensor()} then {@code Normalize(mean, std)} into a new CHW array. */
    public static float[] toNormalizedTensor(Image8 image, float[] mean, float[] std) {
        float[] out = new float[image.channels() * image.width() * image.height()];
        toNormalizedTensor(image, mean, std, out, 0);
        return out;
    }
}
