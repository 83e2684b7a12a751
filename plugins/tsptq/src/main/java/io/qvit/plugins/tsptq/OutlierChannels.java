package io.qvit.plugins.tsptq;

import java.util.Arrays;

/**
 * O-2SF's outlier rule and grid for one candidate threshold: a channel is an outlier when its
 * calibration range {@code max_c − min_c} exceeds {@code t ×} the median channel range (t = 0:
 * none). The shared grid is asymmetric minmax over the normal channels (zero included):
 * {@code Δ = (hi − lo)/(2^b − 1)}, {@code z = round(−lo/Δ)}; the outlier channels use
 * {@code 2^m·Δ} with the same z, m the smallest exponent in 1..{@code maxRatio} that holds every
 * outlier channel's range (else {@code maxRatio}, clipping).
 */
final class OutlierChannels {
    private OutlierChannels() {
    }

    /** The fitted grid: Δ, z, m and one flag per channel. */
    record Grid(float fine, int zeroPoint, int ratioLog2, boolean[] outlier, double threshold) {
        /** The scale of channel {@code c}. */
        float scale(int c) {
            return outlier[c] ? Math.scalb(fine, ratioLog2) : fine;
        }

        /** How many channels are flagged. */
        int outliers() {
            int n = 0;
            for (boolean o : outlier) {
                n += o ? 1 : 0;
            }
            return n;
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

    /** The grid for threshold {@code t} and exponent cap {@code maxRatio}. */
    static Grid grid(float[] min, float[] max, int bits, double t, int maxRatio) {
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
        int m = 0;
        boolean any = false;
        for (boolean o : outlier) {
            any |= o;
        }
        if (any) {
            m = maxRatio;
            for (int k = 1; k <= maxRatio; k++) {
                double s = StrictMath.scalb((double) fine, k);
                boolean holds = true;
                for (int c = 0; c < channels && holds; c++) {
                    holds = !outlier[c] || (finite(max[c]) <= (qmax - z) * s && finite(min[c]) >= -z * s);
                }
                if (holds) {
                    m = k;
                    break;
                }
            }
        }
        return new Grid(fine, z, m, outlier, t);
    }

    private static float finite(float v) {
        return Float.isFinite(v) ? v : v > 0 ? Float.MAX_VALUE : v < 0 ? -Float.MAX_VALUE : 0f;
    }
}
