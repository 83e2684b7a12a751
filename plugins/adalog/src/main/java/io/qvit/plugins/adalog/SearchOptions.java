package io.qvit.plugins.adalog;

import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.Set;

/**
 * The search options of this plugin's quantizers, read from a {@link QuantizerConfig}'s options
 * (all optional; the defaults are the authors' {@code configs/4bit.py}):
 * <ul>
 *   <li>{@code eq_n} — integer ≥ 2, candidates per search step (128);</li>
 *   <li>{@code steps} — integer ≥ 1, FPCS steps: the initial grid and {@code steps − 1}
 *       refinements (6);</li>
 *   <li>{@code search_round} — integer ≥ 1, rounds of the alternating weight/activation search
 *       on the layer output (3);</li>
 *   <li>{@code fpcs_width} — integer ≥ 1, candidates kept between steps (16 for the uniform
 *       quantizer, 32 for AdaLog);</li>
 *   <li>{@code base_num} — AdaLog: integer ≥ 1, log bases kept before the scales are crossed (8);</li>
 *   <li>{@code scale_num} — AdaLog: integer ≥ 2, scales crossed with them (16);</li>
 *   <li>{@code shift} — AdaLog: number, quantize {@code x + shift} (post-GELU: 0.16997124254703522);
 *       default 0;</li>
 *   <li>{@code scale} — AdaLog: positive number, a fixed scale (post-softmax: 1); only q is then
 *       searched;</li>
 *   <li>{@code layer_objective} — boolean, fit on the layer output (true) or keep the plain MSE fit
 *       (false).</li>
 *   <li>{@code exact_top_k} — integer ≥ 0, re-rank the best k screened candidates of each FPCS
 *       selection that drops candidates by the exact layer output error ({@link ExactError});
 *       0 = screening only (default 0: on DeiT-T it measured no better and slower, see docs/methods/adalog.md);</li>
 *   <li>{@code exact_rows} — integer ≥ 1, calibration rows (seeded sample) on which the exact error of
 *       a per-tensor linear input is computed (1024); weights always use all rows.</li>
 * </ul>
 * The per-channel, per-head or per-tensor choice is the site rule's {@code granularity}.
 *
 * @param eqN candidates per step
 * @param steps FPCS steps
 * @param searchRound alternation rounds
 * @param width FPCS width
 * @param baseNum AdaLog log bases kept
 * @param scaleNum AdaLog scales crossed
 * @param shift AdaLog input offset
 * @param fixedScale AdaLog fixed scale, or NaN
 * @param layerObjective whether to fit on the layer output
 * @param exactTopK candidates re-ranked by the exact error (0: none)
 * @param exactRows rows of the exact error of a per-tensor linear input
 */
record SearchOptions(int eqN, int steps, int searchRound, int width, int baseNum, int scaleNum, double shift,
                     double fixedScale, boolean layerObjective, int exactTopK, int exactRows) {

    /** The default {@code exact_top_k}. */
    static final int DEFAULT_EXACT_TOP_K = 0;
    /** The default {@code exact_rows}. */
    static final int DEFAULT_EXACT_ROWS = 1024;
    private static final Set<String> KNOWN = Set.of("eq_n", "steps", "search_round", "fpcs_width", "base_num",
            "scale_num", "shift", "scale", "layer_objective", "paradigm", "exact_top_k", "exact_rows");

    /**
     * Reads and checks the options.
     *
     * @param defaultWidth the quantizer's default {@code fpcs_width}
     * @param adalog whether the AdaLog-only options apply
     * @throws IllegalArgumentException naming the option when a value is invalid or unknown
     */
    static SearchOptions parse(QuantizerConfig config, int defaultWidth, boolean adalog) {
        OptionReader o = OptionReader.of(config.options()).requireKnown("adalog", KNOWN);
        if (o.has(OptionReader.PARADIGM) && !"parallel".equals(o.raw(OptionReader.PARADIGM))) {
            throw new IllegalArgumentException("option 'paradigm': only 'parallel' is supported (AdaLog calibrates "
                    + "every layer on the float model's tensors), got '" + o.raw(OptionReader.PARADIGM) + "'");
        }
        if (!adalog) {
            for (String key : new String[] {"shift", "scale", "base_num", "scale_num"}) {
                if (o.has(key)) {
                    throw new IllegalArgumentException("option '" + key + "' applies to the adalog quantizer only");
                }
            }
        }
        int max = Integer.MAX_VALUE;
        int eqN = o.integer("eq_n", 128, 2, max);
        int steps = o.integer("steps", 6, 1, max);
        int rounds = o.integer("search_round", 3, 1, max);
        int width = o.integer("fpcs_width", defaultWidth, 1, max);
        if (width > eqN) {
            throw new IllegalArgumentException("option 'fpcs_width' (" + width + ") must not exceed 'eq_n' (" + eqN + ")");
        }
        int baseNum = o.integer("base_num", 8, 1, max);
        int scaleNum = o.integer("scale_num", 16, 2, max);
        double shift = o.number("shift", 0, Double::isFinite, "a finite number");
        double scale = o.number("scale", Double.NaN, x -> x > 0 && Double.isFinite(x), "a positive number");
        boolean b = o.bool("layer_objective", true);
        int topK = o.integer("exact_top_k", DEFAULT_EXACT_TOP_K, 0, max);
        int rows = o.integer("exact_rows", DEFAULT_EXACT_ROWS, 1, max);
        return new SearchOptions(eqN, steps, rounds, width, baseNum, scaleNum, shift, scale, b, topK, rows);
    }
}
