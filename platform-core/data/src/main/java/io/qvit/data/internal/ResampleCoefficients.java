package io.qvit.data.internal;

import io.qvit.data.Resampling;

/**
 * The per-output-pixel filter taps of one resampling pass, computed as PIL's
 * {@code precompute_coeffs} does: for each output pixel the first input pixel, the number of
 * taps, the normalised double weights, and the fixed-point weights ({@code PRECISION_BITS} = 22)
 * that PIL uses for 8-bit images.
 */
public final class ResampleCoefficients {
    /** Fractional bits of the fixed-point weights: 32 - 8 - 2. */
    public static final int PRECISION_BITS = 32 - 8 - 2;

    private final int outSize;
    private final int ksize;
    private final int[] first;
    private final int[] count;
    private final double[] weights;
    private final int[] fixed;

    private ResampleCoefficients(int outSize, int ksize, int[] first, int[] count, double[] weights, int[] fixed) {
        this.outSize = outSize;
        this.ksize = ksize;
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.fixed = fixed;
    }

    /**
     * Taps for resampling the source interval {@code [in0, in1)} of an axis of {@code inSize} pixels
     * to {@code outSize} pixels. {@code in0} and {@code in1} are single-precision, as PIL's box is.
     */
    public static ResampleCoefficients compute(int inSize, float in0, float in1, int outSize, Resampling filter) {
        if (outSize <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outSize);
        }
        float span = in1 - in0;
        double scale = (double) span / outSize;
        double filterscale = scale;
        if (filterscale < 1.0) {
            filterscale = 1.0;
        }
        double support = filter.support() * filterscale;
        int ksize = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[] kk = new double[outSize * ksize];
        int[] fixed = new int[outSize * ksize];
        double ss = 1.0 / filterscale;
        for (int xx = 0; xx < outSize; xx++) {
            double center = in0 + (xx + 0.5) * scale;
            int xmin = (int) (center - support + 0.5);
            if (xmin < 0) {
                xmin = 0;
            }
            int xmax = (int) (center + support + 0.5);
            if (xmax > inSize) {
                xmax = inSize;
            }
            xmax -= xmin;
            if (xmax < 0) {
                xmax = 0;
            }
            if (xmax > ksize) {
                throw new IllegalStateException("resampling tap count " + xmax + " exceeds " + ksize);
            }
            int base = xx * ksize;
            double ww = 0.0;
            for (int x = 0; x < xmax; x++) {
                double w = filter.kernel((x + xmin - center + 0.5) * ss);
                kk[base + x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++) {
                if (ww != 0.0) {
                    kk[base + x] /= ww;
                }
                double k = kk[base + x];
                fixed[base + x] = k < 0 ? (int) (-0.5 + k * (1 << PRECISION_BITS)) : (int) (0.5 + k * (1 << PRECISION_BITS));
            }
            first[xx] = xmin;
            count[xx] = xmax;
        }
        return new ResampleCoefficients(outSize, ksize, first, count, kk, fixed);
    }

    /** Number of output pixels. */
    public int outSize() {
        return outSize;
    }

    /** Stride of the weight arrays: the maximum number of taps. */
    public int ksize() {
        return ksize;
    }

    /** First input pixel read for output pixel {@code i}. */
    public int first(int i) {
        return first[i];
    }

    /** Number of input pixels read for output pixel {@code i}. */
    public int count(int i) {
        return count[i];
    }

    /** Normalised weight of tap {@code t} of output pixel {@code i}. */
    public double weight(int i, int t) {
        return weights[i * ksize + t];
    }

    /** Fixed-point weight of tap {@code t} of output pixel {@code i}. */
    public int fixedWeight(int i, int t) {
        return fixed[i * ksize + t];
    }

    int[] fixedArray() {
        return fixed;
    }
}
