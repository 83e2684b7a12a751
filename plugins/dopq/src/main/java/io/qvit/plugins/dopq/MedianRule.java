package io.qvit.plugins.dopq;

import io.qvit.api.reparam.LayerScale;
import io.qvit.api.reparam.LayerScaleRule;

/**
 * MOSF as DopQ-ViT v2 states it ("Median as the Optimal Scaling Factor"): {@code s̃ = median_c(s_c)};
 * [I] {@code z̃ = median_c(z_c)} (the paper does not say how the zero point is chosen; the median
 * keeps z̃ an integer or a half-integer when the channels' zero points are integers). The median
 * is also the value that minimises the mean absolute deviation {@code Σ|s_c − s̃|}.
 */
final class MedianRule implements LayerScaleRule {
    /** The rule's name in reports. */
    static final String NAME = "median";

    @Override
    public LayerScale choose(float[] scales, float[] zeroPoints) {
        return new LayerScale((float) RobustStats.median(RobustStats.widen(scales)),
                (float) RobustStats.median(RobustStats.widen(zeroPoints)));
    }

    @Override
    public String name() {
        return NAME;
    }
}
