package io.qvit.plugins.repq;

import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor quantized on a {@link LogSqrt2Grid}: its codes (row-major, one per value, the grid's
 * zero code for zeros) and shape.
 *
 * @param codes one code per value
 * @param shape the tensor's shape
 * @param grid the grid the codes are on
 */
public record LogSqrt2Codes(int[] codes, int[] shape, LogSqrt2Grid grid) {

    /** Validates that the shape holds as many values as there are codes; copies both arrays. */
    public LogSqrt2Codes {
        Objects.requireNonNull(grid, "grid");
        codes = codes.clone();
        shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != codes.length) {
            throw new IllegalArgumentException("log-sqrt2 codes: shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + codes.length + " codes");
        }
    }

    /** The codes of {@code x} on {@code grid}. */
    public static LogSqrt2Codes of(Tensor x, LogSqrt2Grid grid) {
        float[] v = x.data();
        int[] c = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            c[i] = grid.code(v[i]);
        }
        return new LogSqrt2Codes(c, x.shape(), grid);
    }

    /** The dequantized tensor (equal, bit for bit, to the quantizer's fake-quantized output). */
    public Tensor dequantize() {
        float[] out = new float[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = grid.value(codes[i]);
        }
        return Tensor.of(out, shape);
    }

    @Override
    public int[] codes() {
        return codes.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogSqrt2Codes c && Arrays.equals(codes, c.codes) && Arrays.equals(shape, c.shape)
                && grid.bits() == c.grid.bits() && Float.compare(grid.delta(), c.grid.delta()) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(codes) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "LogSqrt2Codes" + Arrays.toString(shape) + " on " + grid;
    }
}
