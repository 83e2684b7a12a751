package io.qvit.plugins.uniform;

import java.util.ArrayList;
import java.util.List;

/**
 * The calibration tensors a data-driven init keeps, as copies in grouped order (see
 * {@link GroupLayout#grouped}), at most {@code capacity} of them: the first {@code capacity}
 * observed tensors are kept, later ones are dropped (the running statistics still see them).
 */
final class SampleStore {
    private final int capacity;
    private final List<float[]> samples = new ArrayList<>();
    private int groups;
    private long values;

    SampleStore(int capacity) {
        this.capacity = capacity;
    }

    /** True while another tensor would be kept. */
    boolean accepts() {
        return samples.size() < capacity;
    }

    /** Keeps {@code grouped} (owned by the store from now on), a tensor of {@code groups} groups. */
    void add(float[] grouped, int groups) {
        this.groups = groups;
        samples.add(grouped);
        values += grouped.length;
    }

    /** Number of tensors kept. */
    int size() {
        return samples.size();
    }

    /** Values of group {@code g} over all kept tensors. */
    int groupSize(int g) {
        long n = 0;
        for (float[] s : samples) {
            n += s.length / groups;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("more than 2^31 calibration values in one quantization group; lower max_samples");
        }
        return (int) n;
    }

    /**
     * The values of group {@code g} in one contiguous range, which the caller may reorder: a slice of
     * the kept tensor itself when there is only one, a fresh concatenation otherwise.
     */
    Slice group(int g) {
        if (samples.size() == 1) {
            float[] s = samples.get(0);
            int per = s.length / groups;
            return new Slice(s, g * per, per);
        }
        float[] all = new float[groupSize(g)];
        int at = 0;
        for (float[] s : samples) {
            int per = s.length / groups;
            System.arraycopy(s, g * per, all, at, per);
            at += per;
        }
        return new Slice(all, 0, all.length);
    }

    /** Total values kept (for diagnostics). */
    long values() {
        return values;
    }

    /** Drops every kept tensor. */
    void clear() {
        samples.clear();
        values = 0;
    }

    /**
     * A contiguous range of a float array.
     *
     * @param data the array
     * @param from first index
     * @param length number of values
     */
    record Slice(float[] data, int from, int length) {
        /** One past the last index. */
        int to() {
            return from + length;
        }
    }
}
