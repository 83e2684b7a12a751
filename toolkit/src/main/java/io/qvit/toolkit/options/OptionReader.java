package io.qvit.toolkit.options;

import io.qvit.api.quant.CalibrationParadigm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoublePredicate;

/**
 * Typed reading of one plugin's option map. Every reader takes the option's key and the value to
 * use when the key is absent; a present value of the wrong type or outside its range is an
 * {@link IllegalArgumentException} whose message starts with {@code option 'KEY'}. Numbers may be
 * given as numbers or as numeric strings (YAML {@code "0.999"}), booleans as booleans or
 * {@code "true"}/{@code "false"}.
 *
 * <pre>{@code
 * OptionReader o = OptionReader.of(config.options()).requireKnown("my-quantizer", KNOWN);
 * List<Double> levels = o.levels("percentiles", List.of(0.999, 0.9999), 0.5, 1.0);
 * int maxSamples = o.integer("max_samples", 32, 1, Integer.MAX_VALUE);
 * }</pre>
 */
public final class OptionReader {
    /** The key of the calibration paradigm option ({@code parallel} or {@code sequential}). */
    public static final String PARADIGM = "paradigm";

    private final Map<String, Object> options;

    private OptionReader(Map<String, Object> options) {
        this.options = options;
    }

    /** A reader of {@code options} (not copied; a key given with a null value is an invalid value, not an absent one). */
    public static OptionReader of(Map<String, Object> options) {
        return new OptionReader(options == null ? Map.of() : options);
    }

    /**
     * Checks that every key is in {@code known}, in sorted order: {@link #requireKnown(String, Set, Set)}
     * with no ignored keys, the usual case.
     *
     * @param owner who reads the options, for the message ({@code log-sqrt2}, {@code the ivit kernel})
     * @return this reader
     * @throws IllegalArgumentException {@code unknown option 'k' (OWNER knows: a, b)} for the first unknown key
     * @since 1.1
     */
    public OptionReader requireKnown(String owner, Set<String> known) {
        return requireKnown(owner, known, Set.of());
    }

    /**
     * Checks that every key is in {@code known} or {@code ignored} (keys accepted without being
     * read; usually empty, since the platform's site rules scope options by quantizer id and
     * another quantizer's options do not reach this one), in sorted order.
     *
     * @param owner who reads the options, for the message ({@code log-sqrt2}, {@code the ivit kernel})
     * @return this reader
     * @throws IllegalArgumentException {@code unknown option 'k' (OWNER knows: a, b)} for the first unknown key
     */
    public OptionReader requireKnown(String owner, Set<String> known, Set<String> ignored) {
        for (String key : new TreeSet<>(options.keySet())) {
            if (!known.contains(key) && !ignored.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' (" + owner + " knows: "
                        + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    /** True when the option is given. */
    public boolean has(String key) {
        return options.containsKey(key);
    }

    /** The raw value of the option, or null. */
    public Object raw(String key) {
        return options.get(key);
    }

    /**
     * The option as a number, or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'k' must be a number, got v}
     */
    public double number(String key, double fallback) {
        return options.containsKey(key) ? toNumber(key, options.get(key)) : fallback;
    }

    /**
     * The option as a number for which {@code valid} holds, or {@code fallback}.
     *
     * @param what the valid values, for the message ({@code a finite number}, {@code a number > 0})
     * @throws IllegalArgumentException {@code option 'k' must be WHAT, got v}
     */
    public double number(String key, double fallback, DoublePredicate valid, String what) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        double x = toNumber(key, v, what);
        if (!valid.test(x)) {
            throw new IllegalArgumentException("option '" + key + "' must be " + what + ", got " + v);
        }
        return x;
    }

    /**
     * The option as a whole number in {@code [min, max]}, or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'k' must be an integer >= min, got v} (or {@code in min..max})
     */
    public int integer(String key, int fallback, int min, int max) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        String what = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer in " + min + ".." + max;
        double x = toNumber(key, v, what);
        if (x != Math.rint(x) || x < min || x > max) {
            throw new IllegalArgumentException("option '" + key + "' must be " + what + ", got " + v);
        }
        return (int) x;
    }

    /**
     * The option as a level in {@code (low, high]}, or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'k' takes levels in (low, high], got v}
     */
    public double level(String key, double fallback, double low, double high) {
        return options.containsKey(key) ? level(key, options.get(key), low, high) : fallback;
    }

    /**
     * The option as a non-empty list of levels in {@code (low, high]}, or {@code fallback}.
     *
     * @throws IllegalArgumentException naming the option when it is not such a list
     */
    public List<Double> levels(String key, List<Double> fallback, double low, double high) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        List<?> list = nonEmptyList(key, v, "levels in " + interval(low, high));
        List<Double> out = new ArrayList<>();
        for (Object o : list) {
            out.add(level(key, o, low, high));
        }
        return out;
    }

    /**
     * The option as a non-empty list of numbers for which {@code valid} holds, or {@code fallback}.
     *
     * @param what the valid values, for the message ({@code angles in [0, pi/2)})
     * @throws IllegalArgumentException {@code option 'k' takes WHAT, got v} or naming the list
     */
    public List<Double> numbers(String key, List<Double> fallback, DoublePredicate valid, String what) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        List<Double> out = new ArrayList<>();
        for (Object o : nonEmptyList(key, v, what)) {
            double x = toNumber(key, o);
            if (!valid.test(x)) {
                throw new IllegalArgumentException("option '" + key + "' takes " + what + ", got " + o);
            }
            out.add(x);
        }
        return out;
    }

    /**
     * The option as a boolean, or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'k' must be true or false, got v}
     */
    public boolean bool(String key, boolean fallback) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("option '" + key + "' must be true or false, got " + v);
    }

    /**
     * The option as one of {@code allowed} (trimmed, lower case), or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'k' must be one of a, b, got 'v'}
     */
    public String choice(String key, String fallback, List<String> allowed) {
        if (!options.containsKey(key)) {
            return fallback;
        }
        Object v = options.get(key);
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) {
            throw new IllegalArgumentException("option '" + key + "' must be " + String.join(" or ", allowed)
                    + ", got '" + v + "'");
        }
        return s;
    }

    /**
     * Option {@value #PARADIGM}: {@code parallel} or {@code sequential}, or {@code fallback}.
     *
     * @throws IllegalArgumentException {@code option 'paradigm' must be parallel or sequential, got 'v'}
     */
    public CalibrationParadigm paradigm(CalibrationParadigm fallback) {
        if (!has(PARADIGM)) {
            return fallback;
        }
        return choice(PARADIGM, null, List.of("parallel", "sequential")).equals("parallel")
                ? CalibrationParadigm.PARALLEL : CalibrationParadigm.SEQUENTIAL;
    }

    private double level(String key, Object v, double low, double high) {
        double x = toNumber(key, v);
        if (!(x > low && x <= high)) {
            throw new IllegalArgumentException("option '" + key + "' takes levels in " + interval(low, high)
                    + ", got " + v);
        }
        return x;
    }

    private static String interval(double low, double high) {
        return "(" + plain(low) + ", " + plain(high) + "]";
    }

    private static String plain(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : Double.toString(x);
    }

    private static List<?> nonEmptyList(String key, Object v, String what) {
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("option '" + key + "' must be a non-empty list of " + what
                    + ", got " + v);
        }
        return list;
    }

    private static double toNumber(String key, Object v) {
        return toNumber(key, v, "a number");
    }

    private static double toNumber(String key, Object v, String what) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("option '" + key + "' must be " + what + ", got " + v);
    }
}
