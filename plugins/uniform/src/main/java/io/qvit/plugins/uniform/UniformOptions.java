package io.qvit.plugins.uniform;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.List;
import java.util.Set;

/**
 * The uniform quantizer's reading of a {@link QuantizerConfig}: the init and the plugin options,
 * validated. Options (all optional; an option that does not apply to the chosen init is accepted
 * and ignored, because site rules merge options key by key):
 *
 * <ul>
 *   <li>{@code percentile} — number in (0.5, 1], the level of init {@code percentile}
 *       (default 0.99999);</li>
 *   <li>{@code percentiles} — non-empty list of numbers in (0.5, 1], the candidates of init
 *       {@code percentile-mse} (default [0.999, 0.9999, 0.99999]);</li>
 *   <li>{@code symmetric_scale} — {@code ivit} (default) or {@code ptq4vit}, see
 *       {@link SymmetricScale};</li>
 *   <li>{@code max_samples} — integer ≥ 1, how many observed tensors inits {@code percentile-mse}
 *       and {@code mse} keep for their search (default 32); later tensors still update the
 *       running min/max.</li>
 *   <li>{@code paradigm} — {@code parallel} (default: calibrate on the float model's tensors) or
 *       {@code sequential} (on the tensors of the model whose preceding sites are already
 *       quantized, as RepQ-ViT's single calibration pass with all quantizers on).</li>
 *   <li>{@code integer_reciprocal} — number {@code c > 0}, symmetric grids only: after the init,
 *       each scale {@code s} becomes {@code 1/(c K)} with {@code K = max(1, floor(1/(c s)))}, the
 *       nearest grid at least as coarse on which {@code 1/(c s)} is an exact integer (the float32
 *       scale is the smallest with {@code 1/(c s) <= K} in double, so {@code floor(-1/(c s)) = -K}). For
 *       I-ViT's shift-exponential, whose constant is {@code floor(-1/(c s))}: {@code c = 1} at
 *       {@code softmax.input}, {@code c = 1.702} at {@code gelu.input}. Default: off.</li>
 * </ul>
 *
 * @param init the range initialisation
 * @param percentile the level of {@link RangeInit#PERCENTILE}
 * @param percentiles the candidates of {@link RangeInit#PERCENTILE_MSE}
 * @param symmetricScale the divisor rule of symmetric grids
 * @param maxSamples bound on the tensors kept for searches
 * @param paradigm which tensors calibration hands over
 * @param integerReciprocal {@code c} of option {@code integer_reciprocal}, 0 when off
 */
public record UniformOptions(RangeInit init, double percentile, List<Double> percentiles,
                             SymmetricScale symmetricScale, int maxSamples, CalibrationParadigm paradigm,
                             double integerReciprocal) {

    /** Options without {@code integer_reciprocal}. */
    public UniformOptions(RangeInit init, double percentile, List<Double> percentiles,
                          SymmetricScale symmetricScale, int maxSamples, CalibrationParadigm paradigm) {
        this(init, percentile, percentiles, symmetricScale, maxSamples, paradigm, 0);
    }

    /** Option: level of init {@code percentile}. */
    public static final String PERCENTILE = "percentile";
    /** Option: candidate levels of init {@code percentile-mse}. */
    public static final String PERCENTILES = "percentiles";
    /** Option: divisor rule of symmetric grids. */
    public static final String SYMMETRIC_SCALE = "symmetric_scale";
    /** Option: bound on the observed tensors kept for data-driven inits. */
    public static final String MAX_SAMPLES = "max_samples";
    /** Option: calibration paradigm, {@code parallel} or {@code sequential}. */
    public static final String PARADIGM = "paradigm";
    /** Option: scales with an integer reciprocal {@code 1/(c s)}. */
    public static final String INTEGER_RECIPROCAL = "integer_reciprocal";

    /** Default of {@link #PERCENTILE}, FQ-ViT's {@code percentile_alpha}. */
    public static final double DEFAULT_PERCENTILE = 0.99999;
    /** Default of {@link #PERCENTILES}, RepQ-ViT's candidates. */
    public static final List<Double> DEFAULT_PERCENTILES = List.of(0.999, 0.9999, 0.99999);
    /** Default of {@link #MAX_SAMPLES}. */
    public static final int DEFAULT_MAX_SAMPLES = 32;

    private static final Set<String> KNOWN = Set.of(PERCENTILE, PERCENTILES, SYMMETRIC_SCALE, MAX_SAMPLES, PARADIGM,
            INTEGER_RECIPROCAL);

    /** Copies the candidate list. */
    public UniformOptions {
        percentiles = List.copyOf(percentiles);
    }

    /**
     * Reads and validates {@code config}.
     *
     * @throws IllegalArgumentException naming the offending init or option
     */
    public static UniformOptions parse(QuantizerConfig config) {
        RangeInit init = RangeInit.fromKey(config.init());
        if (config.granularity() == Granularity.PER_HEAD && config.heads() <= 0) {
            throw new IllegalArgumentException("granularity per-head needs the number of heads (heads > 0)");
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown("the uniform quantizer", KNOWN);
        double percentile = o.level(PERCENTILE, DEFAULT_PERCENTILE, 0.5, 1.0);
        List<Double> percentiles = o.levels(PERCENTILES, DEFAULT_PERCENTILES, 0.5, 1.0);
        SymmetricScale scale = o.has(SYMMETRIC_SCALE)
                ? SymmetricScale.fromKey(String.valueOf(o.raw(SYMMETRIC_SCALE))) : SymmetricScale.IVIT;
        int maxSamples = o.integer(MAX_SAMPLES, DEFAULT_MAX_SAMPLES, 1, Integer.MAX_VALUE);
        CalibrationParadigm paradigm = o.paradigm(CalibrationParadigm.PARALLEL);
        double reciprocal = o.number(INTEGER_RECIPROCAL, 0, c -> c > 0 && !Double.isInfinite(c), "a number > 0");
        if (reciprocal != 0 && !config.symmetric()) {
            throw new IllegalArgumentException("option '" + INTEGER_RECIPROCAL + "' needs a symmetric grid");
        }
        return new UniformOptions(init, percentile, percentiles, scale, maxSamples, paradigm, reciprocal);
    }
}
