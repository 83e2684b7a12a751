package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The bit-width sections of {@code report.md}: the run's element-weighted average bits, and for an
 * allocated run the budget, what was achieved, the cost, and the width per site.
 */
final class AllocationReport {
    private AllocationReport() {
    }

    /** The sections, or "" when {@code results} has neither average bits nor an allocation. */
    static String render(JsonNode results) {
        StringBuilder md = new StringBuilder();
        JsonNode all = results.path("average_bits");
        if (all.isObject()) {
            md.append("\nAverage bits of the quantized sites (element-weighted, activations per image): weights ")
                    .append(bits(all.path("weights"))).append(", activations ").append(bits(all.path("activations")))
                    .append(", all ").append(bits(all.path("all"))).append(".\n");
        }
        JsonNode a = results.path("allocation");
        if (!a.isObject()) {
            return md.toString();
        }
        md.append("\n## Bit allocation\n\n");
        JsonNode avg = a.path("average_bits");
        md.append("Allocator `").append(a.path("allocator").asText()).append("`, budget ")
                .append(a.path("budget").path("average_bits").asDouble()).append(" average bits, candidates ")
                .append(a.path("budget").path("candidate_bits")).append(a.path("keep").size() > 0
                        ? ", kept as the rules say: " + a.path("keep") : "").append(".\n")
                .append("Achieved (element-weighted, activations per image): weights ").append(bits(avg.path("weights")))
                .append(", activations ").append(bits(avg.path("activations"))).append(", all ")
                .append(bits(avg.path("all"))).append(". ")
                .append(a.path("probe_evaluations").asInt()).append(" probe evaluations on ")
                .append(a.path("probe_images").asInt()).append(" images, ")
                .append(String.format(Locale.ROOT, "%.1f s (per-width calibrations %.1f s, allocator %.1f s), %d traced steps.\n\n",
                        a.path("seconds").asDouble(), a.path("calibration_seconds").asDouble(),
                        a.path("allocator_seconds").asDouble(), a.path("trace").size()));
        md.append("| site | kind | bits | values |\n|---|---|---:|---:|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("sites").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            md.append("| ").append(e.getKey()).append(" | ").append(e.getKey().endsWith(".weight") ? "weight" : "activation")
                    .append(" | ").append(e.getValue().path("bits").asInt()).append(" | ")
                    .append(e.getValue().path("elements").asLong()).append(" |\n");
        }
        return md.toString();
    }

    private static String bits(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%.3f", n.asDouble()) : "–";
    }
}
