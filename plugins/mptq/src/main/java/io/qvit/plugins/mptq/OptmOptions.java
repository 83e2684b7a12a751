package io.qvit.plugins.mptq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.Set;

/**
 * The options of {@code mptq.optm}, read and checked once.
 *
 * @param maxExponent largest ratio exponent m searched ({@code max_ratio_exponent}, default 8): Δ₊ = 2^m·Δ₋
 * @param steps scale candidates per pass ({@code steps}, default 16): Δ₊ = Δ₀·(0.25 + 0.75·i/steps)
 * @param rows calibration rows the layer search samples ({@code rows}, default 256)
 * @param paradigm which activations calibration hands over ({@code paradigm}, default parallel)
 */
record OptmOptions(int maxExponent, int steps, int rows, CalibrationParadigm paradigm) {
    static final Set<String> KNOWN = Set.of("max_ratio_exponent", "steps", "rows", OptionReader.PARADIGM);

    /** The options of {@code config}; per-tensor only. */
    static OptmOptions of(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("granularity: mptq.optm is per-tensor only, got "
                    + config.granularity().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown(OptmQuantizer.ID, KNOWN);
        return new OptmOptions(o.integer("max_ratio_exponent", 8, 0, 20), o.integer("steps", 16, 1, 1000),
                o.integer("rows", 256, 1, 1 << 20), o.paradigm(CalibrationParadigm.PARALLEL));
    }
}
