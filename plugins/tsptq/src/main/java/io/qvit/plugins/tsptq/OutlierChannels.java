package io.qvit.plugins.tsptq;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * O-2SF's outlier rule and grid for one candidate threshold: a channel is an outlier when its
 * calibration range {@code max_c − min_c} exceeds {@code t ×} the median channel range (t = 0:
 * none). The shared grid is asymmetric minmax over the normal channels (zero included):
 * {@code Δ = (hi − lo)/(2^b − 1)}, {@code z = round(−lo/Δ)}; an outlier channel uses {@code 2^e·Δ}
 * with the same z, e the smallest exponent in 1..{@code maxRatio} that holds its range (else
 * {@code maxRatio}, clipping). With {@code f} flag bits per channel at most {@code 2^f − 1} distinct
 * exponents remain: while there are more, the channels of the smallest one move up to the next. One
 * flag bit (the paper's O-2SF) leaves one exponent m, the smallest that holds every outlier channel.
 */
final class OutlierChannels {
    private OutlierChannels() {
    }

    /** The fitted grid: Δ, z, the exponent of each channel (0: normal) and the threshold. */
    record Grid(float fine, int zeroPoint, int[] exponent, double threshold) {
        /** The scale of channel {@code c}. */
        float scale(int c) {
            return Math.scalb(fine, exponent[c]);
        }

        /** True when channel {@code c} is flagged as an outlier. */
        boolean outlier(int c) {
            return exponent[c] > 0;
        }

        /** The largest exponent (m of one flag bit; 0 without outliers). */
        int ratioLog2() {
            int m = 0;
            for (int e : exponent) {
                m = Math.max(m, e);
            }
            return m;
        }
    }

    /** The median of the channel ranges (the lower middle value for an even count). */
    static float medianRange(float[] min, float[] max) {
        float[] r = new float[min.length];
        for (int c = 0; c < r.length; c++) {
            r[c] = range(min[c], max[c]);
        }
        Arrays.sort(r);
        return r[(r.length - 1) / 2];
    }

    private static float range(float lo, float hi) {
        float r = hi - lo;
        return Float.isFinite(r) && r > 0 ? r : r == Float.POSITIVE_INFINITY ? Float.MAX_VALUE : 0f;
    }

    /** The grid for threshold {@code t}, exponent cap {@code maxRatio} and {@code flagBits} per channel. */
    static Grid grid(float[] min, float[] max, int bits, double t, int maxRatio, int flagBits) {
        int channels = min.length;
        float median = medianRange(min, max);
        boolean[] outlier = new boolean[channels];
        float lo = 0f;
        float hi = 0f;
        for (int c = 0; c < channels; c++) {
            outlier[c] = t > 0 && range(min[c], max[c]) > t * median;
            if (!outlier[c]) {
                lo = Math.min(lo, finite(min[c]));
                hi = Math.max(hi, finite(max[c]));
            }
        }
        int qmax = (1 << bits) - 1;
        float fine = (float) (((double) hi - lo) / qmax);
        if (!(fine > 0) || !Float.isFinite(fine)) {
            fine = 1f;
        }
        int z = (int) Math.max(0, Math.min(qmax, Math.rint(-lo / (double) fine)));
        int[] exponent = new int[channels];
        TreeSet<Integer> used = new TreeSet<>();
        for (int c = 0; c < channels; c++) {
            if (outlier[c]) {
                exponent[c] = smallestHolding(min[c], max[c], fine, z, qmax, maxRatio);
                used.add(exponent[c]);
            }
        }
        int classes = (1 << flagBits) - 1;
        while (used.size() > classes) {
            int low = used.pollFirst();
            int next = used.first();
            for (int c = 0; c < channels; c++) {
                exponent[c] = exponent[c] == low ? next : exponent[c];
            }
        }
        return new Grid(fine, z, exponent, t);
    }

    /** The smallest e in 1..maxRatio with [min, max] inside the grid 2^e·Δ, z (else maxRatio). */
    private static int smallestHolding(float min, float max, float fine, int z, int qmax, int maxRatio) {
        for (int k = 1; k <= maxRatio; k++) {
            double s = StrictMath.scalb((double) fine, k);
            if (finite(max) <= (qmax - z) * s && finite(min) >= -z * s) {
                return k;
            }
        }
        return maxRatio;
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : v > 0 ? Float.MAX_VALUE : v < 0 ? -Float.MAX_VALUE : 0f;
    }
}
