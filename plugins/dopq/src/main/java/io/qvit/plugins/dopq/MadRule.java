package io.qvit.plugins.dopq;

import io.qvit.api.reparam.LayerScale;
import io.qvit.api.reparam.LayerScaleRule;

/**
 * MOSF as DopQ-ViT v3 names it ("MAD-guided"), [I] reconstructed as the usual robust outlier
 * rule: with {@code m = median(s)} and {@code MAD = median|s_c − m|}, channel c is an outlier when
 * {@code |s_c − m| > k·1.4826·MAD} (a robust z-score above k; 1.4826·MAD estimates the standard
 * deviation of normal data); {@code s̃} and {@code z̃} are the means of the scales and zero points
 * of the remaining (inlier) channels, i.e. RepQ-ViT's means without the outlier channels. When
 * {@code MAD = 0} the inliers are the channels whose scale equals the median. Outlier channels are
 * still folded (their {@code r_c = s_c/s̃}); only the statistic leaves them out.
 */
final class MadRule implements LayerScaleRule {
    /** The consistency constant of the MAD for normal data. */
    static final double NORMAL_MAD = 1.4826;
    /** The default threshold k. */
    static final double DEFAULT_K = 3.0;

    private final double k;

    /** The rule with threshold {@code k > 0}. */
    MadRule(double k) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("MAD threshold must be finite and positive, got " + k);
        }
        this.k = k;
    }

    @Override
    public LayerScale choose(float[] scales, float[] zeroPoints) {
        double[] s = RobustStats.widen(scales);
        double m = RobustStats.median(s);
        double limit = k * NORMAL_MAD * RobustStats.medianAbsoluteDeviation(s, m);
        double sumS = 0;
        double sumZ = 0;
        int n = 0;
        for (int c = 0; c < s.length; c++) {
            if (Math.abs(s[c] - m) <= limit) {
                sumS += s[c];
                sumZ += zeroPoints[c];
                n++;
            }
        }
        if (n == 0) {
            return new MedianRule().choose(scales, zeroPoints);
        }
        return new LayerScale((float) (sumS / n), (float) (sumZ / n));
    }

    /** {@code mad-k}, e.g. {@code mad-3.0}. */
    @Override
    public String name() {
        return "mad-" + k;
    }

    /** The outlier channels of {@code scales}, ascending (for tests and reports). */
    int[] outliers(float[] scales) {
        double[] s = RobustStats.widen(scales);
        double m = RobustStats.median(s);
        double limit = k * NORMAL_MAD * RobustStats.medianAbsoluteDeviation(s, m);
        return java.util.stream.IntStream.range(0, s.length).filter(c -> Math.abs(s[c] - m) > limit).toArray();
    }
}
