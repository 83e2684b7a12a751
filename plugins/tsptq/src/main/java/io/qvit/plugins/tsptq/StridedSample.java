package io.qvit.plugins.tsptq;

import java.util.ArrayList;
import java.util.List;

/**
 * Calibration values kept for a search: from each observed tensor, every k-th value (or row of
 * {@code width} values), at most {@code limit} per tensor, copied.
 */
final class StridedSample {
    private final int width;
    private final int limit;
    private final List<float[]> kept = new ArrayList<>();

    /**
     * @param width values per unit (1, or the channels of a row)
     * @param limit units kept per observed tensor
     */
    StridedSample(int width, int limit) {
        this.width = width;
        this.limit = limit;
    }

    /** Keeps every k-th unit of {@code x}. */
    void add(float[] x) {
        int units = x.length / width;
        int stride = Math.max(1, (units + limit - 1) / limit);
        int n = (units + stride - 1) / stride;
        float[] keep = new float[n * width];
        for (int u = 0, i = 0; u < units; u += stride, i++) {
            System.arraycopy(x, u * width, keep, i * width, width);
        }
        kept.add(keep);
    }

    /** The kept arrays, in observation order. */
    List<float[]> arrays() {
        return kept;
    }

    /** Drops what was kept. */
    void clear() {
        kept.clear();
    }
}
