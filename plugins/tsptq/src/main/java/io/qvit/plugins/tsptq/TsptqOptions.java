package io.qvit.plugins.tsptq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.List;
import java.util.Set;

/**
 * The options of {@code tsptq.v2sf} and {@code tsptq.o2sf}, validated. Both fit on the squared
 * error of the quantized calibration values (init {@code mse}, the only one); their searches are
 * over:
 * <ul>
 *   <li>{@code ratios}: candidate exponents m of the scale ratio 2^m (v2sf: default 1..8; o2sf:
 *       the cap of the fitted m, default {@code [8]});</li>
 *   <li>{@code coverage} (v2sf): candidate fractions α of the calibration maximum that the coarse
 *       region reaches (default 1.0, 0.9, ..., 0.3);</li>
 *   <li>{@code thresholds} (o2sf): candidate outlier thresholds t, a channel being an outlier when
 *       its calibration range exceeds t × the median channel range (default 2, 3, 4, 6, 8, 12, 16,
 *       24, 32, 64; {@code 0} in the list means "no outlier channels");</li>
 *   <li>{@code flag_bits} (o2sf): bits of the per-channel flag, default 1 (the paper's O-2SF: one
 *       outlier scale); {@code f} bits allow {@code 2^f − 1} outlier scales (an extension, not in
 *       the paper);</li>
 *   <li>{@code max_values}: values (v2sf) or channel rows (o2sf) kept per observed tensor, evenly
 *       strided (defaults 65536 and 2048);</li>
 *   <li>{@code paradigm}: {@code parallel} (default) or {@code sequential}.</li>
 * </ul>
 * Any other key is an error (site rule options are scoped by quantizer: those of other quantizers
 * on broader rules do not reach these).
 *
 * @param ratios candidate m
 * @param coverage candidate α
 * @param thresholds candidate t (0: none)
 * @param flagBits bits of the per-channel flag (o2sf; v2sf: 1, unused)
 * @param maxValues values or rows kept per observation
 * @param paradigm calibration paradigm
 */
record TsptqOptions(List<Integer> ratios, List<Double> coverage, List<Double> thresholds, int flagBits, int maxValues,
                    CalibrationParadigm paradigm) {
    /** The only init: the squared-error fit. */
    static final String INIT = "mse";

    private static final Set<String> KNOWN = Set.of("ratios", "coverage", "thresholds", "flag_bits", "max_values",
            "paradigm");

    /** Copies the lists. */
    TsptqOptions {
        ratios = List.copyOf(ratios);
        coverage = List.copyOf(coverage);
        thresholds = List.copyOf(thresholds);
    }

    /** Reads the options of {@code tsptq.v2sf}. */
    static TsptqOptions v2sf(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("granularity " + name(config.granularity())
                    + " is not supported by tsptq.v2sf (per-tensor: one Δ, z and m per tensor)");
        }
        return parse(config, "tsptq.v2sf", List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0), 65536);
    }

    /** Reads the options of {@code tsptq.o2sf}. */
    static TsptqOptions o2sf(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_CHANNEL) {
            throw new IllegalArgumentException("granularity " + name(config.granularity())
                    + " is not supported by tsptq.o2sf (per-channel: one flag bit per channel)");
        }
        return parse(config, "tsptq.o2sf", List.of(8.0), 2048);
    }

    private static TsptqOptions parse(QuantizerConfig config, String owner, List<Double> ratios, int maxValues) {
        if (config.symmetric()) {
            throw new IllegalArgumentException("symmetric: true is not supported by " + owner
                    + " (asymmetric: one zero point)");
        }
        if (!INIT.equals(config.init())) {
            throw new IllegalArgumentException("init '" + config.init() + "' is not supported by " + owner
                    + " (known: " + INIT + ")");
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown(owner, KNOWN);
        List<Double> m = o.numbers("ratios", ratios, x -> x >= 0 && x <= 30 && x == Math.rint(x), "integers in 0..30");
        List<Double> alpha = o.numbers("coverage", List.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3),
                x -> x > 0 && x <= 1, "fractions in (0, 1]");
        List<Double> t = o.numbers("thresholds", List.of(2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 64.0),
                x -> x == 0 || (x >= 1 && !Double.isInfinite(x)), "0 or numbers >= 1");
        int flagBits = o.integer("flag_bits", 1, 1, 4);
        int max = o.integer("max_values", maxValues, 1, Integer.MAX_VALUE);
        CalibrationParadigm paradigm = o.paradigm(CalibrationParadigm.PARALLEL);
        return new TsptqOptions(m.stream().map(Double::intValue).toList(), alpha, t, flagBits, max, paradigm);
    }

    private static String name(Granularity g) {
        return g.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
