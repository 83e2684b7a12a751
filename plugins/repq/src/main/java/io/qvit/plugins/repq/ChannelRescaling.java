package io.qvit.plugins.repq;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.reparam.LayerScale;
import io.qvit.api.reparam.LayerScaleRule;
import io.qvit.toolkit.facts.GridFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The factors of RepQ-ViT's scale reparameterization for one post-LayerNorm site, from the
 * per-channel activation scales {@code s} and zero points {@code z} of its fitted quantizer:
 *
 * <pre>
 *   s̃ = mean(s),  z̃ = mean(z)        over the regular channels; z̃ is not rounded
 *   r_c = s_c / s̃,  b_c = s̃·(z̃ − z_c)
 * </pre>
 *
 * so that the channel-c activation {@code y_c/r_c − b_c} quantized per tensor with (s̃, z̃) has
 * the codes {@code round(y_c/s_c) + z_c + (z̃ − z_c) − (z̃ − z_c)}: the per-channel codes exactly
 * when {@code z̃ − z_c} is an integer. This is the reference's {@code r = s/s̃},
 * {@code b = (−z·s)/r − (−z̃·s̃)}. A caller may replace the means by another
 * {@link LayerScaleRule} (DopQ-ViT's median), applied to the same regular channels.
 *
 * <p><b>Degenerate channels.</b> A channel whose LayerNorm weight is exactly 0 (its output is the
 * constant β_c), a channel the quantizer lists in {@code extra.constant_groups} (constant on the
 * calibration data), and a channel whose scale is not finite and positive are left out of both
 * means: their scale is not a data scale (the uniform quantizer gives a constant c the scale |c|)
 * and would drag s̃ and z̃. They get factors that keep the float function exact without dividing by
 * their scale: γ = 0 channels {@code r_c = 1, b_c = β_c}, so the rewritten LayerNorm outputs exactly
 * 0 there (on every grid) and the constant moves into the next layer's bias; other degenerate
 * channels {@code r_c = 1, b_c = 0} (unchanged).
 *
 * @param scale s̃
 * @param zeroPoint z̃
 * @param r per-channel divisor of the LayerNorm (multiplier of the next layer's input columns)
 * @param b per-channel shift subtracted from the LayerNorm output
 * @param excluded channels left out of the means, ascending
 */
record ChannelRescaling(float scale, float zeroPoint, float[] r, float[] b, List<Integer> excluded) {

    /**
     * The factors, or null when every channel is degenerate (no mean to take).
     *
     * @param params the fitted per-channel quantizer's parameters (one scale and zero point per channel)
     * @param gamma the LayerNorm weight
     * @param beta the LayerNorm bias
     * @param site the site's id, for messages
     * @throws IllegalArgumentException naming the site when the sizes disagree
     */
    static ChannelRescaling of(QuantParams params, float[] gamma, float[] beta, String site) {
        return of(params, gamma, beta, site, null);
    }

    /**
     * The factors with the layer-wise pair chosen by {@code rule} (null: the means), or null when
     * every channel is degenerate.
     *
     * @throws IllegalArgumentException naming the site when the sizes disagree
     */
    static ChannelRescaling of(QuantParams params, float[] gamma, float[] beta, String site, LayerScaleRule rule) {
        float[] s = params.scale().data();
        float[] z = params.zeroPoint().data();
        int channels = gamma.length;
        if (s.length != channels || beta.length != channels) {
            throw new IllegalArgumentException("site " + site + ": the quantizer has " + s.length
                    + " channels, the LayerNorm " + channels);
        }
        Set<Integer> constant = GridFacts.constantGroups(params, site);
        boolean[] degenerate = new boolean[channels];
        List<Integer> excluded = new ArrayList<>();
        double sumS = 0;
        double sumZ = 0;
        int regular = 0;
        for (int c = 0; c < channels; c++) {
            degenerate[c] = gamma[c] == 0f || constant.contains(c) || !(s[c] >= Float.MIN_NORMAL)
                    || Float.isInfinite(s[c]) || !Float.isFinite(z[c]);
            if (degenerate[c]) {
                excluded.add(c);
            } else {
                sumS += s[c];
                sumZ += z[c];
                regular++;
            }
        }
        if (regular == 0) {
            return null;
        }
        float st = (float) (sumS / regular);
        float zt = (float) (sumZ / regular);
        if (rule != null) {
            float[] rs = new float[regular];
            float[] rz = new float[regular];
            for (int c = 0, i = 0; c < channels; c++) {
                if (!degenerate[c]) {
                    rs[i] = s[c];
                    rz[i++] = z[c];
                }
            }
            LayerScale chosen = rule.choose(rs, rz);
            st = chosen.scale();
            zt = chosen.zeroPoint();
        }
        float[] r = new float[channels];
        float[] b = new float[channels];
        for (int c = 0; c < channels; c++) {
            if (!degenerate[c]) {
                r[c] = s[c] / st;
                b[c] = st * (zt - z[c]);
            } else {
                r[c] = 1f;
                b[c] = gamma[c] == 0f ? beta[c] : 0f;
            }
        }
        return new ChannelRescaling(st, zt, r, b, List.copyOf(excluded));
    }
}
