package io.qvit.api.kernel;

import java.util.Arrays;

/**
 * A dense row-major integer tensor with its real-valued scale: value {@code i} stands for
 * {@code data[i] * scale}. Integers of any width up to 32 bits are held in an {@code int[]}.
 */
public final class IntTensor {
    private final int[] shape;
    private final int[] data;
    private final double scale;

    private IntTensor(int[] shape, int[] data, double scale) {
        this.shape = shape;
        this.data = data;
        this.scale = scale;
    }

    /** Wraps {@code data} (not copied). */
    public static IntTensor of(int[] data, double scale, int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite: " + scale);
        }
        return new IntTensor(shape.clone(), data, scale);
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** The backing array (not a copy). */
    public int[] data() {
        return data;
    }

    /** The real value of one integer unit. */
    public double scale() {
        return scale;
    }

    @Override
    public String toString() {
        return "IntTensor" + Arrays.toString(shape) + "*" + scale;
    }
}
