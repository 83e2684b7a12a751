package io.qvit.plugins.mptq;

import io.qvit.api.quant.QuantParams;
import io.qvit.toolkit.facts.GridFacts;
import java.util.Set;

/**
 * SQ-b's per-channel factors for one post-LayerNorm site, from the channel ranges of its fitted
 * per-channel quantizer ({@code lo_c = (qmin − zp_c)·s_c}, {@code hi_c = (qmax − zp_c)·s_c}) and the
 * next layer's weight W {@code [out, in]}:
 *
 * <pre>
 *   z_c  = (hi_c + lo_c) / 2                                  the channel's centre (the "bias term")
 *   sq_c = ((hi_c − lo_c)/2)^α / max_o |W[o, c]|^(1 − α)       SmoothQuant's factor on the centred range
 *   X'   = (X − z)/sq        W' = W·diag(sq)        bias' = bias + W·z
 * </pre>
 *
 * and {@code range}, the largest centred half-range after scaling, {@code max_c (hi_c − lo_c)/(2·sq_c)},
 * which a symmetric per-tensor grid on X' must cover. Degenerate channels keep {@code sq_c = 1}:
 * a LayerNorm weight of 0 (output the constant β_c: {@code z_c = β_c}, so X' is exactly 0 there),
 * a channel the quantizer lists as constant, or a non-finite or zero range or weight column
 * ({@code z_c = 0}); they are left out of {@code range}.
 *
 * @param z per-channel shift
 * @param sq per-channel divisor
 * @param range the largest scaled half-range over the regular channels (0 if none)
 * @param degenerate channels with {@code sq_c = 1}
 */
record SqbFactors(float[] z, float[] sq, float range, int degenerate) {

    static SqbFactors of(QuantParams params, float[] gamma, float[] beta, float[] w, int out, double alpha, String site) {
        int channels = gamma.length;
        float[] s = params.scale().data();
        float[] zp = params.zeroPoint().data();
        if (s.length != channels || zp.length != channels) {
            throw new IllegalArgumentException("site " + site + ": the quantizer has " + s.length + " channels, the LayerNorm "
                    + channels);
        }
        int qmin = GridFacts.qmin(params);
        int qmax = GridFacts.qmax(params);
        Set<Integer> constant = GridFacts.constantGroups(params, site);
        float[] z = new float[channels];
        float[] sq = new float[channels];
        double range = 0;
        int degenerate = 0;
        for (int c = 0; c < channels; c++) {
            double lo = (qmin - (double) zp[c]) * s[c];
            double hi = (qmax - (double) zp[c]) * s[c];
            double half = (hi - lo) / 2;
            double wmax = 0;
            for (int o = 0; o < out; o++) {
                wmax = Math.max(wmax, Math.abs(w[o * channels + c]));
            }
            double f = StrictMath.pow(half, alpha) / StrictMath.pow(wmax, 1 - alpha);
            if (gamma[c] == 0f) {
                z[c] = beta[c];
                sq[c] = 1f;
                degenerate++;
            } else if (constant.contains(c) || !(half > 0) || !Double.isFinite(half) || !(wmax > 0)
                    || !Double.isFinite(f) || !((float) f >= Float.MIN_NORMAL) || Float.isInfinite((float) f)) {
                z[c] = 0f;
                sq[c] = 1f;
                degenerate++;
            } else {
                z[c] = (float) ((hi + lo) / 2);
                sq[c] = (float) f;
                range = Math.max(range, half / sq[c]);
            }
        }
        return new SqbFactors(z, sq, (float) range, degenerate);
    }
}
