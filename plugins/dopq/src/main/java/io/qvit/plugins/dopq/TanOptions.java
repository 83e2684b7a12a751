package io.qvit.plugins.dopq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.toolkit.options.OptionReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.DoublePredicate;

/**
 * The {@code tanq} quantizer's reading of a {@link QuantizerConfig}, validated.
 *
 * <p>Granularity {@code per-tensor} or {@code per-head}; {@code symmetric} false; init
 * {@code search} (the only one: the angles are searched). Options (all optional):
 * <ul>
 *   <li>{@code scale}: the range {@code [0, s]}, a positive number (default 1, a softmax's range)
 *       or {@code max} (the largest observed value per group);</li>
 *   <li>{@code shape}: {@code asymmetric} (default; the angles at 0 and 1 searched independently)
 *       or {@code symmetric} (one angle, {@code a = e}: the form {@code 1/2 + tan(θ(x−1/2))/(2tan(θ/2))});</li>
 *   <li>{@code angles_zero}, {@code angles_one}: the candidate angles {@code a} (density near 0)
 *       and {@code e} (near 1), in [0, π/2) (defaults {@link #DEFAULT_ZERO}, {@link #DEFAULT_ONE};
 *       {@code symmetric} uses {@code angles_zero});</li>
 *   <li>{@code table_bits}: fixed-point bits F of the level table, 0 (float levels) or 1..24 (default 16);</li>
 *   <li>{@code layer_objective}: true (default) re-fits the angles on the error of
 *       {@code probs·v} ({@link io.qvit.api.quant.LayerFitted}); false keeps the MSE fit;</li>
 *   <li>{@code rows}: query rows per head (evenly spaced over the calibration batch) in the
 *       layer objective (default 256);</li>
 *   <li>{@code max_values}: values kept per group and observed tensor for the MSE fit, evenly
 *       strided (default 32768);</li>
 *   <li>{@code paradigm}: {@code parallel} (default) or {@code sequential}.</li>
 * </ul>
 * Any other key is an error (site rule options are scoped by quantizer: those of other quantizers
 * on broader rules, such as {@code uniform}'s or AdaLog's, do not reach {@code tanq}).
 *
 * @param scale the fixed scale, or NaN for {@code max}
 * @param symmetric one angle instead of two
 * @param anglesZero candidates for a
 * @param anglesOne candidates for e
 * @param tableBits F
 * @param layerObjective whether the layer fit runs
 * @param rows rows per head in the layer objective
 * @param maxValues values kept per group and observed tensor
 * @param paradigm calibration paradigm
 */
record TanOptions(double scale, boolean symmetric, List<Double> anglesZero, List<Double> anglesOne, int tableBits,
                  boolean layerObjective, int rows, int maxValues, CalibrationParadigm paradigm) {
    /** The only init. */
    static final String INIT = "search";
    /** Default candidates for the angle at 0. */
    static final List<Double> DEFAULT_ZERO = List.of(0.0, 0.5, 0.8, 1.0, 1.1, 1.2, 1.25, 1.3, 1.35, 1.4, 1.43, 1.46,
            1.49, 1.52, 1.54, 1.56);
    /** Default candidates for the angle at 1. */
    static final List<Double> DEFAULT_ONE = List.of(0.0, 0.5, 0.8, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5);

    private static final Set<String> KNOWN = Set.of("scale", "shape", "angles_zero", "angles_one", "table_bits",
            "layer_objective", "rows", "max_values", "paradigm");

    /** Copies the lists. */
    TanOptions {
        anglesZero = List.copyOf(anglesZero);
        anglesOne = List.copyOf(anglesOne);
    }

    /**
     * Reads and validates {@code config}.
     *
     * @throws IllegalArgumentException naming the offending field or option
     */
    static TanOptions parse(QuantizerConfig config) {
        if (config.granularity() == Granularity.PER_CHANNEL) {
            throw new IllegalArgumentException("granularity per-channel is not supported by tanq (per-tensor, per-head)");
        }
        if (config.symmetric()) {
            throw new IllegalArgumentException("symmetric: true is not supported by tanq (a grid on [0, s])");
        }
        if (!INIT.equals(config.init())) {
            throw new IllegalArgumentException("init '" + config.init() + "' is not supported by tanq (known: " + INIT + ")");
        }
        OptionReader o = OptionReader.of(config.options()).requireKnown("tanq", KNOWN);
        double scale = o.has("scale") && "max".equals(String.valueOf(o.raw("scale")).trim()) ? Double.NaN
                : o.number("scale", 1.0, x -> x > 0 && !Double.isInfinite(x), "a positive number or max");
        String shape = o.choice("shape", "asymmetric", List.of("asymmetric", "symmetric"));
        DoublePredicate angle = x -> x >= 0 && x < StrictMath.PI / 2;
        List<Double> zero = o.numbers("angles_zero", DEFAULT_ZERO, angle, "angles in [0, pi/2)");
        List<Double> one = o.numbers("angles_one", DEFAULT_ONE, angle, "angles in [0, pi/2)");
        int tableBits = o.integer("table_bits", 16, 0, 24);
        boolean layer = o.bool("layer_objective", true);
        int rows = o.integer("rows", 256, 1, Integer.MAX_VALUE);
        int maxValues = o.integer("max_values", 32768, 1, Integer.MAX_VALUE);
        CalibrationParadigm paradigm = o.paradigm(CalibrationParadigm.PARALLEL);
        return new TanOptions(scale, shape.equals("symmetric"), zero, one, tableBits, layer, rows, maxValues, paradigm);
    }

    /** The candidate (a, e) pairs in search order: a outer, e inner (symmetric: a = e). */
    List<double[]> candidates() {
        List<double[]> out = new ArrayList<>();
        for (double a : anglesZero) {
            if (symmetric) {
                out.add(new double[] {a, a});
                continue;
            }
            for (double e : anglesOne) {
                out.add(new double[] {a, e});
            }
        }
        return out;
    }
}
