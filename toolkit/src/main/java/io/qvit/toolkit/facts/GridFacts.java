package io.qvit.toolkit.facts;

import io.qvit.api.quant.QuantParams;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The uniform-grid facts a quantizer records in {@link QuantParams#extra()} and others read (a
 * reparameterization that refolds a uniform quantizer, an exporter): the integer range
 * {@value #QMIN}/{@value #QMAX} and {@value #CONSTANT_GROUPS}, the groups whose observed values
 * were all equal. Writers and readers go through this class so that the keys and their types
 * are defined once.
 */
public final class GridFacts {
    /** Key: the smallest integer code (a number). */
    public static final String QMIN = "qmin";
    /** Key: the largest integer code (a number). */
    public static final String QMAX = "qmax";
    /** Key: the indices of groups whose observed values were constant (a list of numbers). */
    public static final String CONSTANT_GROUPS = "constant_groups";

    private GridFacts() {
    }

    /** Records the integer range: {@value #QMIN} then {@value #QMAX}. */
    public static void putRange(Map<String, Object> extra, int qmin, int qmax) {
        extra.put(QMIN, qmin);
        extra.put(QMAX, qmax);
    }

    /** Records the constant groups (copied). */
    public static void putConstantGroups(Map<String, Object> extra, List<Integer> groups) {
        extra.put(CONSTANT_GROUPS, List.copyOf(groups));
    }

    /** The recorded {@value #QMIN}, or 0 (an unsigned grid) when none is recorded. */
    public static int qmin(QuantParams params) {
        return params.extra().get(QMIN) instanceof Number n ? n.intValue() : 0;
    }

    /** The recorded {@value #QMAX}, or {@code 2^bits − 1} (an unsigned grid) when none is recorded. */
    public static int qmax(QuantParams params) {
        return params.extra().get(QMAX) instanceof Number n ? n.intValue() : (1 << params.bits()) - 1;
    }

    /**
     * The recorded constant groups; empty when none are recorded.
     *
     * @param site the site, for the message
     * @throws IllegalArgumentException naming the site when the entry is not a list of numbers
     */
    public static Set<Integer> constantGroups(QuantParams params, String site) {
        Set<Integer> out = new HashSet<>();
        Object v = params.extra().get(CONSTANT_GROUPS);
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("site " + site + ": quantizer parameter " + CONSTANT_GROUPS
                    + " is not a list: " + v);
        }
        for (Object o : list) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException("site " + site + ": " + CONSTANT_GROUPS + " holds a non-number: " + o);
            }
            out.add(n.intValue());
        }
        return out;
    }
}
