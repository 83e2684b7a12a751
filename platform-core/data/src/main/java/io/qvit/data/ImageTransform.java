package io.qvit.data;

/**
 * Turns a decoded image into a model input: a float32 CHW array of a fixed shape. Implementations
 * are stateless and thread-safe, because the {@link BatchLoader} calls them from several threads.
 */
public interface ImageTransform {
    /** Channels of the output. */
    int channels();

    /** Height of the output. */
    int height();

    /** Width of the output. */
    int width();

    /**
     * Writes the transformed image, {@code channels() * height() * width()} values in CHW order, into
     * {@code out} from {@code offset}.
     *
     * @throws IllegalArgumentException if the image cannot be transformed to this shape
     */
    void apply(Image8 image, float[] out, int offset);

    /** The number of values one output has. */
    default int outputSize() {
        return channels() * height() * width();
    }

    /** Transforms into a new array. */
    default float[] apply(Image8 image) {
        float[] out = new float[outputSize()];
        apply(image, out, 0);
        return out;
    }
}
