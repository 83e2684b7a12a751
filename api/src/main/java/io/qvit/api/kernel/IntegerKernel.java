package io.qvit.api.kernel;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Integer-only implementations of the operations a fully integer ViT needs besides matrix
 * products (I-ViT's dyadic requantization, integer residual add, Shiftmax, ShiftGELU and
 * I-LayerNorm).
 *
 * <p><b>Integer-only contract.</b> Inside the element loops an implementation uses {@code int}
 * and {@code long} arithmetic only. Real numbers (the {@link IntTensor#scale() scales}, LayerNorm's
 * gamma and beta, the requested output scale) may be read only once per call, before the loops,
 * to derive integer constants (a {@link Dyadic} multiplier, a clamp bound, a folded bias), the way
 * an integer accelerator's compiler would precompute them; {@link #dyadic(double)} is that
 * conversion. Every result is an {@link IntTensor} whose scale says what one integer unit is worth.
 *
 * <p><b>Rounding.</b> "round" means round half to even (as PyTorch's {@code torch.round}),
 * "floor" means toward negative infinity; a signed {@code b}-bit clamp is to
 * {@code [-2^(b-1), 2^(b-1) - 1]}.
 *
 * <p><b>Valid inputs.</b> Input values are 32-bit integers; implementations document the ranges
 * of values and scales for which they are exact and throw {@link IllegalArgumentException} with
 * a message naming the violated bound when an input leaves them (never overflow silently).
 */
@ConsumerType
public interface IntegerKernel {

    /**
     * This kernel with plugin-specific options from the experiment file
     * ({@code quantization.integer_kernel_options}); an empty map gives this kernel. The default
     * knows no option.
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     * @since 2.1
     */
    default IntegerKernel withOptions(java.util.Map<String, Object> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + new java.util.TreeSet<>(options.keySet())
                    + ": this integer kernel takes no options");
        }
        return this;
    }

    /**
     * Converts a real factor (for example {@code s_in / s_out}) to the dyadic number
     * {@code m / 2^e} this kernel multiplies with. Called at conversion time, never per element.
     * Zero gives {@code 0 / 2^0}; a negative factor gives a negative multiplier.
     *
     * @throws IllegalArgumentException if the factor is not finite or too large to represent
     */
    Dyadic dyadic(double factor);

    /**
     * Dyadic requantization: {@code out = clamp(round(x * m_c / 2^e_c), signed bits)}, computed
     * with a 64-bit intermediate. With one factor it applies to every element; with one factor per
     * channel of the last axis ({@code factors.length == x.dim(-1)}), channel {@code c} uses
     * {@code factors[c]} (per-channel weight scales of a linear layer's accumulator, or LayerNorm's
     * per-channel output scale). The scale of {@code x} is not used: the factors carry the ratio of
     * the input scale(s) to {@code outputScale}, which only labels the result.
     *
     * @param bits output width, 2 to 32
     */
    IntTensor requantize(IntTensor x, Dyadic[] factors, double outputScale, int bits);

    /**
     * Integer residual add: both inputs are requantized dyadically to the common
     * {@code outputScale} (factors {@code a.scale()/outputScale} and {@code b.scale()/outputScale},
     * each product rounded separately), the two integers are added and the sum is clamped to
     * signed {@code bits} (16 in I-ViT's residual stream). Shapes must be equal.
     */
    IntTensor add(IntTensor a, IntTensor b, double outputScale, int bits);

    /**
     * Integer softmax over the last axis (I-ViT's Shiftmax) of {@code x} at scale
     * {@code x.scale()}. The output has scale {@code 2^-(outputBits-1)} and values in
     * {@code [0, 2^(outputBits-1) - 1]}, so it fits signed {@code outputBits}; a row sums to
     * about {@code 2^(outputBits-1)} (less by the floors).
     *
     * @param outputBits 2 to 24 (I-ViT uses 16 for ViT/DeiT attention, 8 for Swin)
     */
    IntTensor softmax(IntTensor x, int outputBits);

    /**
     * Integer GELU (I-ViT's ShiftGELU), element-wise, with the integer sigmoid normalised over
     * the last axis: {@code out = x * sigmoidInt}, where {@code sigmoidInt} approximates
     * {@code sigmoid(1.702 * x * x.scale()) * 2^(sigmoidBits-1)} and lies in
     * {@code [0, 2^(sigmoidBits-1) - 1]}. The output scale is {@code x.scale() / 2^(sigmoidBits-1)};
     * output values are bounded by {@code |x| * (2^(sigmoidBits-1) - 1)}, so an 8-bit input with
     * {@code sigmoidBits = 8} gives a signed 15-bit output that the caller requantizes.
     *
     * @param sigmoidBits 2 to 24 (8 in I-ViT)
     */
    IntTensor gelu(IntTensor x, int sigmoidBits);

    /**
     * I-LayerNorm's normalisation over the last axis, without the affine part: integer mean
     * (rounded), integer variance (sum of squared deviations), integer square root, and
     * {@code y = floor((x - mean) * floor((2^31 - 1) / std) / 2)}. With {@code C = x.dim(-1)} the
     * output scale is {@code sqrt(C) / 2^30} (independent of {@code x.scale()}), and
     * {@code |y| < 2^31}. Use {@link #layerNorm(IntTensor, double[], double[], double, int)} to
     * apply gamma and beta.
     */
    IntTensor layerNorm(IntTensor x);

    /**
     * I-LayerNorm followed by its affine part and a per-channel dyadic requantization to one
     * per-tensor scale, as the integer path needs before the next linear layer: channel {@code c}
     * of the normalised {@code y} (scale {@code sqrt(C)/2^30}) becomes
     * {@code clamp(round((y * gamma[c] * sqrt(C)/2^30 + beta[c]) / outputScale), signed bits)},
     * with {@code gamma[c] * sqrt(C)/2^30 / outputScale} as a {@link Dyadic} and
     * {@code beta[c] / outputScale} as an integer bias at that dyadic's resolution, both derived
     * before the loop. A channel with {@code gamma[c] == 0} (or a negative gamma) is handled
     * exactly: its output is the constant {@code round(beta[c] / outputScale)}.
     *
     * @param gamma LayerNorm weight, length {@code x.dim(-1)}
     * @param beta LayerNorm bias, length {@code x.dim(-1)}
     * @param bits output width, 2 to 32
     */
    IntTensor layerNorm(IntTensor x, double[] gamma, double[] beta, double outputScale, int bits);
}
