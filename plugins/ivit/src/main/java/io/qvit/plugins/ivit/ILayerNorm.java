package io.qvit.plugins.ivit;

import io.qvit.api.kernel.Dyadic;

/**
 * I-ViT's I-LayerNorm (the reference's {@code IntLayerNorm}) over rows of {@code C} integers.
 *
 * <p>Normalisation, per row, all in integers: {@code mean = round(sum / C)} (half to even),
 * {@code y = x - mean}, {@code var = sum(y^2)} (not divided by C), {@code std =}
 * {@link IntegerSqrt#newton(long)} (ten Newton steps from {@code 2^16}, as the reference),
 * {@code factor = floor((2^31 - 1) / std)}, {@code out = floor(y * factor / 2)}. Since
 * {@code var = C * sigma^2}, {@code out ~ (x - mean)/sigma * 2^30 / sqrt(C)}: the output scale is
 * {@code sqrt(C) / 2^30}, and {@code |out| < 2^31} because {@code |y| <= sqrt(var) < 2 std}.
 *
 * <p>The affine part ({@link #applyAffine}) takes gamma and beta per channel and requantizes to a
 * per-tensor output scale. The reference instead folds beta into an integer bias
 * {@code floor(beta / gamma / (sqrt(C)/2^30))} added to {@code out} and gamma into a per-channel
 * output scale, which the next requantization (QuantAct) turns into per-channel dyadic factors;
 * that breaks for {@code gamma = 0} (beta/gamma is infinite) and overflows for tiny gamma. Here
 * both are folded after the multiplication: channel {@code c} computes
 * {@code round((out * m_c + b_c) / 2^e_c)} with {@code m_c / 2^e_c = gamma_c sqrt(C) / 2^30 / s_out}
 * and {@code b_c = round(beta_c / s_out * 2^e_c)}, constants derived before the loop; the result
 * equals the reference's up to the rounding of the folded bias (at most one unit, rarely).
 *
 * <p>Valid inputs, checked: {@code |x| <= 2^20}, {@code C <= 2^20}, and
 * {@code var <= }{@link IntegerSqrt#NEWTON_EXACT_MAX} ({@code 2^40}) so that the fixed Newton
 * iteration has converged (a 16-bit residual stream with C up to 256 always satisfies it).
 * Rows with {@code var <} {@link IntegerSqrt#NEWTON_EXACT_MIN} (nearly constant rows) follow the
 * reference: the unconverged iteration overestimates {@code std} and shrinks the output (a constant
 * row gives 0).
 */
public final class ILayerNorm {
    /** Largest accepted |input|. */
    public static final int MAX_ABS_INPUT = 1 << 20;

    /** Largest accepted row length C. */
    public static final int MAX_CHANNELS = 1 << 20;

    private static final long ONE_Q31 = Integer.MAX_VALUE;

    private ILayerNorm() {
    }

    /** The output scale of {@link #normalize}: {@code sqrt(C) / 2^30}. */
    public static double outputScale(int channels) {
        return Math.sqrt(channels) / 0x1p30;
    }

    /**
     * Normalises each row of {@code channels} values of {@code x} into {@code out} (scale
     * {@link #outputScale(int)}).
     *
     * @throws IllegalArgumentException if an input or a row variance is outside the valid range
     */
    public static void normalize(int[] x, int[] out, int channels) {
        if (channels <= 0 || channels > MAX_CHANNELS || x.length % channels != 0) {
            throw new IllegalArgumentException("I-LayerNorm row length " + channels + " must be in 1.." + MAX_CHANNELS
                    + " and divide " + x.length + " values");
        }
        for (int base = 0; base < x.length; base += channels) {
            long sum = 0;
            for (int i = 0; i < channels; i++) {
                int v = x[base + i];
                if (v > MAX_ABS_INPUT || v < -MAX_ABS_INPUT) {
                    throw new IllegalArgumentException("I-LayerNorm input " + v + " at index " + (base + i)
                            + " is outside the valid range |x| <= 2^20");
                }
                sum += v;
            }
            long mean = IntRounding.roundDiv(sum, channels);
            long var = 0;
            for (int i = 0; i < channels; i++) {
                long y = x[base + i] - mean;
                var += y * y; // <= 2^20 * 2^42: no overflow
            }
            if (var > IntegerSqrt.NEWTON_EXACT_MAX) {
                throw new IllegalArgumentException("I-LayerNorm row at index " + base + " has variance sum " + var
                        + " > 2^40, beyond the convergence of I-ViT's 10 Newton iterations from 2^16;"
                        + " requantize the input to fewer bits");
            }
            long factor = ONE_Q31 / IntegerSqrt.newton(var);
            for (int i = 0; i < channels; i++) {
                long y = x[base + i] - mean;
                out[base + i] = Math.toIntExact((y * factor) >> 1);
            }
        }
    }

    /**
     * The per-channel constants of the affine part and requantization: {@code multipliers[c]} and
     * {@code shifts[c]} (the dyadic {@code gamma_c sqrt(C)/2^30 / outputScale}) and
     * {@code biases[c] = round(beta_c / outputScale * 2^shift_c)}, derived at conversion time.
     */
    public record Affine(long[] multipliers, int[] shifts, long[] biases) {
        /** Derives the constants for {@code gamma}, {@code beta} and the output scale. */
        public static Affine of(double[] gamma, double[] beta, double outputScale) {
            int c = gamma.length;
            if (beta.length != c) {
                throw new IllegalArgumentException("gamma has " + c + " channels, beta " + beta.length);
            }
            if (!(outputScale > 0) || !Double.isFinite(outputScale)) {
                throw new IllegalArgumentException("output scale must be positive and finite: " + outputScale);
            }
            double lnScale = outputScale(c);
            long[] m = new long[c];
            int[] e = new int[c];
            long[] b = new long[c];
            for (int i = 0; i < c; i++) {
                double bias = beta[i] / outputScale;
                if (!Double.isFinite(gamma[i]) || !Double.isFinite(bias)) {
                    throw new IllegalArgumentException("gamma/beta of channel " + i + " are not finite");
                }
                // Keep |bias * 2^shift| <= 2^61 so that out * m + b stays inside a long.
                int maxShift = DyadicConversion.MAX_SHIFT;
                if (bias != 0) {
                    maxShift = Math.max(0, Math.min(maxShift, 60 - Math.getExponent(bias)));
                }
                Dyadic d = DyadicConversion.toDyadic(gamma[i] * lnScale / outputScale, maxShift);
                m[i] = d.multiplier();
                e[i] = d.shift();
                double scaled = Math.scalb(bias, e[i]);
                if (Math.abs(scaled) > 0x1p61) {
                    throw new IllegalArgumentException("beta/outputScale of channel " + i + " is too large: " + bias);
                }
                b[i] = (long) Math.rint(scaled);
            }
            return new Affine(m, e, b);
        }
    }

    /**
     * Channel {@code c = i mod C} of the normalised {@code y}: {@code clamp(round((y * m_c + b_c) /
     * 2^e_c), signed bits)}. {@code |y * m_c| < 2^31 * 2^31} and {@code |b_c| <= 2^61}: no overflow.
     */
    public static void applyAffine(int[] y, int[] out, Affine affine, int bits) {
        int c = affine.multipliers().length;
        if (y.length % c != 0) {
            throw new IllegalArgumentException(c + " channels do not divide " + y.length + " values");
        }
        long[] m = affine.multipliers();
        int[] e = affine.shifts();
        long[] b = affine.biases();
        for (int base = 0; base < y.length; base += c) {
            for (int ch = 0; ch < c; ch++) {
                int i = base + ch;
                out[i] = IntRounding.clampSigned(IntRounding.roundShift(y[i] * m[ch] + b[ch], e[ch]), bits);
            }
        }
    }
}
