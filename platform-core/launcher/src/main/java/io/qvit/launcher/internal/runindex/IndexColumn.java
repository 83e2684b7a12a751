package io.qvit.launcher.internal.runindex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A key the where clause of {@code qvit runs list} may name: its SQL expression over the
 * {@code runs} table ({@code r}) joined with {@code set_results} ({@code s}), and whether its
 * values are numbers. Only these fixed expressions ever reach the SQL text; values are bound
 * parameters.
 *
 * @param key the key users type
 * @param sql the SQL expression it stands for
 * @param numeric whether values are numbers
 * @param fraction whether values are accuracies (fractions; {@code 63.4%} is accepted)
 */
public record IndexColumn(String key, String sql, boolean numeric, boolean fraction) {
    private static final Map<String, IndexColumn> ALL = new LinkedHashMap<>();

    static {
        text("path", "r.path");
        text("experiment", "r.experiment");
        text("hash", "r.config_hash");
        text("status", "r.status");
        text("arch", "r.arch");
        text("method", "r.method");
        number("bits", "(CASE WHEN r.wbits = r.abits THEN r.wbits END)");
        number("wbits", "r.wbits");
        number("abits", "r.abits");
        number("seed", "r.seed");
        number("repeat", "r.is_repeat");
        text("set", "s.set_name");
        number("images", "s.images");
        accuracy("fp32_top1", "s.fp32_top1");
        accuracy("fp32_top5", "s.fp32_top5");
        accuracy("top1", "s.quant_top1");
        accuracy("top5", "s.quant_top5");
        accuracy("drop", "(s.fp32_top1 - s.quant_top1)");
        number("calib_seconds", "r.calib_seconds");
        number("total_seconds", "r.total_seconds");
        text("finished", "r.finished");
        text("commit", "r.qvit_commit");
        text("version", "r.qvit_version");
    }

    private static void text(String key, String sql) {
        ALL.put(key, new IndexColumn(key, sql, false, false));
    }

    private static void number(String key, String sql) {
        ALL.put(key, new IndexColumn(key, sql, true, false));
    }

    private static void accuracy(String key, String sql) {
        ALL.put(key, new IndexColumn(key, sql, true, true));
    }

    /** The column named {@code key}, or null. */
    public static IndexColumn of(String key) {
        return ALL.get(key);
    }

    /** Every key, in documentation order. */
    public static java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(ALL.keySet());
    }
}
