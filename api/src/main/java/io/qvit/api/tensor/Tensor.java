package io.qvit.api.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major float32 tensor: a shape and the array that holds its values.
 *
 * <p>The array is shared, not copied: {@link #data()} returns the backing store so that hot loops
 * can read and write it without allocation. A method that must not modify its argument says so in
 * its contract; callers that need an independent copy call {@link #copy()}.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws IllegalArgumentException if a dimension is negative or the sizes disagree
     */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int[] s = shape.clone();
        long n = elementCount(s);
        if (n != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(s) + " holds " + n + " values, data has " + data.length);
        }
        return new Tensor(s, data);
    }

    /** A tensor of zeros with the given shape. */
    public static Tensor zeros(int... shape) {
        long n = elementCount(shape);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
        }
        return new Tensor(shape.clone(), new float[(int) n]);
    }

    private static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The number of values. */
    public int size() {
        return data.length;
    }

    /** The backing array, row-major (not a copy). */
    public float[] data() {
        return data;
    }

    /** A tensor with the same values (shared) and another shape of the same size. */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    /** An independent copy. */
    public Tensor copy() {
        return new Tensor(shape.clone(), data.clone());
    }

    /** True if {@code other} has the same shape and bit-identical values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
