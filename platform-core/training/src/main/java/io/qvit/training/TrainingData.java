package io.qvit.training;

import io.qvit.data.ImageDataset;
import io.qvit.data.NormalizeTransform;
import java.io.IOException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A labelled dataset held in memory as model inputs: every image normalised once
 * ({@code (x/255 - mean) / std}, no resize; the images must have the model's input size) into one
 * float32 array {@code [N, C, H, W]}, with its labels.
 */
public final class TrainingData {
    private final float[] images;
    private final int[] labels;
    private final int channels;
    private final int side;

    private TrainingData(float[] images, int[] labels, int channels, int side) {
        this.images = images;
        this.labels = labels;
        this.channels = channels;
        this.side = side;
    }

    /**
     * Loads {@code dataset} for {@code arch}.
     *
     * @throws IllegalArgumentException naming the dataset and image when an image has the wrong size
     */
    public static TrainingData load(ImageDataset dataset, VitArchitecture arch) throws IOException {
        NormalizeTransform t = new NormalizeTransform(arch.imageSize(), arch.imageSize(), arch.mean(), arch.std());
        int per = t.outputSize();
        float[] x = new float[Math.multiplyExact(dataset.size(), per)];
        int[] y = new int[dataset.size()];
        for (int i = 0; i < dataset.size(); i++) {
            try {
                t.apply(dataset.read(i), x, i * per);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dataset.description() + ": image " + dataset.name(i) + ": " + e.getMessage(), e);
            }
            y[i] = dataset.label(i);
            if (y[i] < 0 || y[i] >= arch.numClasses()) {
                throw new IllegalArgumentException(dataset.description() + ": image " + dataset.name(i) + " has class "
                        + y[i] + " but the model has " + arch.numClasses());
            }
        }
        return new TrainingData(x, y, arch.inChannels(), arch.imageSize());
    }

    /** Already normalised images {@code [N, channels, side, side]} (not copied) and their labels. */
    public static TrainingData of(float[] images, int[] labels, int channels, int side) {
        if ((long) labels.length * channels * side * side != images.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + images.length + " values of "
                    + channels + "x" + side + "x" + side + " images");
        }
        return new TrainingData(images, labels, channels, side);
    }

    /** The first {@code n} images. */
    public TrainingData first(int n) {
        int per = channels * side * side;
        return new TrainingData(java.util.Arrays.copyOf(images, n * per), java.util.Arrays.copyOf(labels, n), channels, side);
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Label of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Images {@code order[from..to)} as {@code [n, C, H, W]}. */
    public INDArray images(int[] order, int from, int to) {
        int per = channels * side * side;
        float[] out = new float[(to - from) * per];
        for (int i = from; i < to; i++) {
            System.arraycopy(images, order[i] * per, out, (i - from) * per, per);
        }
        return Nd4j.create(out, new long[] {to - from, channels, side, side}, 'c');
    }

    /** Labels {@code order[from..to)} as an int32 vector. */
    public INDArray labels(int[] order, int from, int to) {
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = labels[order[i]];
        }
        return Nd4j.createFromArray(out);
    }

    /** The identity order {@code 0..size-1}. */
    public int[] identity() {
        int[] o = new int[size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }
}
