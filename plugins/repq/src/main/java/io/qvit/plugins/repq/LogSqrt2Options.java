package io.qvit.plugins.repq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code log-sqrt2} quantizer's reading of a {@link QuantizerConfig}, validated.
 *
 * <p>Configuration: granularity {@code per-tensor} only (RepQ-ViT keeps one Δ per attention map),
 * {@code symmetric} false, init {@code percentile-mse} (RepQ-ViT: Δ is the candidate quantile of
 * the observed values with the lowest mean squared quantization error) or {@code minmax}
 * (Δ = the largest observed value).
 *
 * <p>Options (all optional):
 * <ul>
 *   <li>{@code percentiles} — non-empty list of levels in (0, 1], the candidates of
 *       {@code percentile-mse} (default RepQ-ViT's [0.999, 0.9999, 0.99999]);</li>
 *   <li>{@code paradigm} — {@code parallel} (default) or {@code sequential}, see
 *       {@link CalibrationParadigm}; RepQ-ViT calibrates sequentially;</li>
 *   <li>{@code max_samples} — integer ≥ 1, how many observed tensors are kept for the search
 *       (default 32; the reference searches its one calibration batch).</li>
 * </ul>
 * Any other key is an error: the uniform quantizer's options of a broader rule do not reach a
 * rule naming {@code log-sqrt2} (site rule options are scoped by quantizer, {@code SiteRule.over}).
 *
 * @param init {@code percentile-mse} or {@code minmax}
 * @param percentiles the candidate levels
 * @param paradigm which activations calibration hands over
 * @param maxSamples bound on the tensors kept
 */
public record LogSqrt2Options(String init, List<Double> percentiles, CalibrationParadigm paradigm, int maxSamples) {
    /** Init: Δ chosen among quantiles by MSE. */
    public static final String PERCENTILE_MSE = "percentile-mse";
    /** Init: Δ = max. */
    public static final String MINMAX = "minmax";
    /** Option: candidate levels. */
    public static final String PERCENTILES = "percentiles";
    /** Option: calibration paradigm. */
    public static final String PARADIGM = OptionReader.PARADIGM;
    /** Option: bound on the observed tensors kept. */
    public static final String MAX_SAMPLES = "max_samples";
    /** RepQ-ViT's candidate levels. */
    public static final List<Double> DEFAULT_PERCENTILES = List.of(0.999, 0.9999, 0.99999);
    /** Default of {@link #MAX_SAMPLES}. */
    public static final int DEFAULT_MAX_SAMPLES = 32;

    private static final Set<String> KNOWN = Set.of(PERCENTILES, PARADIGM, MAX_SAMPLES);

    /** Copies the list. */
    public LogSqrt2Options {
        percentiles = List.copyOf(percentiles);
    }

    /**
     * Reads and validates {@code config}.
     *
     * @throws IllegalArgumentException naming the offending field or option
     */
    public static LogSqrt2Options parse(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("granularity " + config.granularity().name().toLowerCase(Locale.ROOT)
                    .replace('_', '-') + " is not supported by log-sqrt2 (per-tensor only, as RepQ-ViT)");
        }
        if (config.symmetric()) {
            throw new IllegalArgumentException("symmetric: true is not supported by log-sqrt2 (a log grid of"
                    + " non-negative values)");
        }
        if (!PERCENTILE_MSE.equals(config.init()) && !MINMAX.equals(config.init())) {
            throw new IllegalArgumentException("init '" + config.init() + "' is not supported by log-sqrt2 (known: "
                    + MINMAX + ", " + PERCENTILE_MSE + ")");
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown("log-sqrt2", KNOWN);
        List<Double> percentiles = o.levels(PERCENTILES, DEFAULT_PERCENTILES, 0, 1);
        CalibrationParadigm paradigm = o.paradigm(CalibrationParadigm.PARALLEL);
        int maxSamples = o.integer(MAX_SAMPLES, DEFAULT_MAX_SAMPLES, 1, Integer.MAX_VALUE);
        return new LogSqrt2Options(config.init(), percentiles, paradigm, maxSamples);
    }
}
