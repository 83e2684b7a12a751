package io.qvit.launcher.internal.runindex;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code qvit runs compare A B} prints: the keys in which the two resolved experiments differ
 * ({@link ExperimentDiff}), then per evaluation set the float32 and quantized top-1/top-5 of both
 * runs side by side with the difference {@code B − A} in points.
 */
public final class RunComparison {
    private RunComparison() {
    }

    /** The comparison of the run folders {@code a} and {@code b}. */
    public static String render(Path a, Path b) throws RunsIndexException {
        RunRecord ra = RunFolderReader.read(a, a);
        RunRecord rb = RunFolderReader.read(b, b);
        JsonNode ea = RunFolderReader.readJson(a.resolve("experiment.resolved.json"), false);
        JsonNode eb = RunFolderReader.readJson(b.resolve("experiment.resolved.json"), false);
        StringBuilder sb = new StringBuilder();
        sb.append("A: ").append(a.toAbsolutePath().normalize()).append("  (").append(ra.experiment()).append(", ")
                .append(ra.configHash(), 0, Math.min(12, ra.configHash().length())).append(")\n");
        sb.append("B: ").append(b.toAbsolutePath().normalize()).append("  (").append(rb.experiment()).append(", ")
                .append(rb.configHash(), 0, Math.min(12, rb.configHash().length())).append(")\n\n");
        Map<String, String[]> diff = ExperimentDiff.of(ea, eb);
        if (diff.isEmpty()) {
            sb.append(ea.isMissingNode() || eb.isMissingNode()
                    ? "Experiments: no experiment.resolved.json to compare\n"
                    : "Experiments: identical resolved experiments\n");
        } else {
            int w = Math.max(3, diff.keySet().stream().mapToInt(String::length).max().orElse(0));
            int wa = Math.max(1, diff.values().stream().mapToInt(v -> shorten(v[0]).length()).max().orElse(0));
            sb.append("Experiments differ in ").append(diff.size()).append(diff.size() == 1 ? " key:\n" : " keys:\n");
            sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %-" + wa + "s  %s%n", "key", "A", "B"));
            for (Map.Entry<String, String[]> e : diff.entrySet()) {
                sb.append(String.format(Locale.ROOT, "  %-" + w + "s  %-" + wa + "s  %s%n", e.getKey(),
                        shorten(e.getValue()[0]), shorten(e.getValue()[1])));
            }
        }
        sb.append('\n');
        Map<String, SetResult[]> sets = new LinkedHashMap<>();
        ra.sets().forEach(s -> sets.computeIfAbsent(s.set(), k -> new SetResult[2])[0] = s);
        rb.sets().forEach(s -> sets.computeIfAbsent(s.set(), k -> new SetResult[2])[1] = s);
        int ws = Math.max(3, sets.keySet().stream().mapToInt(String::length).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%-" + ws + "s  %-9s %8s %8s %8s   %8s %8s %8s%n", "set", "", "A top1", "B top1",
                "Δ top1", "A top5", "B top5", "Δ top5"));
        for (Map.Entry<String, SetResult[]> e : sets.entrySet()) {
            SetResult x = e.getValue()[0];
            SetResult y = e.getValue()[1];
            sb.append(line(ws, e.getKey(), "fp32", x == null ? null : x.fp32Top1(), y == null ? null : y.fp32Top1(),
                    x == null ? null : x.fp32Top5(), y == null ? null : y.fp32Top5()));
            sb.append(line(ws, "", "quantized", x == null ? null : x.quantTop1(), y == null ? null : y.quantTop1(),
                    x == null ? null : x.quantTop5(), y == null ? null : y.quantTop5()));
        }
        return sb.toString().stripTrailing();
    }

    private static String line(int ws, String set, String kind, Double a1, Double b1, Double a5, Double b5) {
        return String.format(Locale.ROOT, "%-" + ws + "s  %-9s %8s %8s %8s   %8s %8s %8s%n", set, kind, pct(a1), pct(b1),
                delta(a1, b1), pct(a5), pct(b5), delta(a5, b5));
    }

    private static String pct(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String delta(Double a, Double b) {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * (b - a));
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 37) + "..." : v;
    }
}
