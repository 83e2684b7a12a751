package io.qvit.plugins.adalog;

import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The observed calibration tensors of one site, copied, concatenated along the first axis at fit time. */
final class Samples {
    private final List<float[]> data = new ArrayList<>();
    private int[] shape;

    /** Copies {@code t}; every tensor must have the shape of the first apart from axis 0. */
    void add(Tensor t, String site) {
        int[] s = t.shape();
        if (shape != null) {
            int[] a = Arrays.copyOfRange(shape, 1, shape.length);
            int[] b = Arrays.copyOfRange(s, 1, s.length);
            if (s.length != shape.length || !Arrays.equals(a, b)) {
                throw new IllegalArgumentException("site " + site + ": observed shape " + Arrays.toString(s)
                        + " differs from the first observed " + Arrays.toString(shape) + " beyond axis 0");
            }
            shape[0] += s[0];
        } else {
            shape = s;
        }
        data.add(t.data().clone());
    }

    /** True when nothing was observed. */
    boolean isEmpty() {
        return data.isEmpty();
    }

    /** The concatenated shape. */
    int[] shape() {
        return shape.clone();
    }

    /** The concatenated values; the samples are dropped. */
    float[] drain() {
        int n = data.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int off = 0;
        for (float[] a : data) {
            System.arraycopy(a, 0, all, off, a.length);
            off += a.length;
        }
        data.clear();
        return all;
    }
}
