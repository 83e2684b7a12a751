package io.qvit.engine.alloc;

import io.qvit.api.alloc.BitBudget;
import io.qvit.api.quant.QuantSite;
import io.qvit.engine.quant.SitePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a bit allocation: the plan to calibrate, the width per allocated site, and what
 * {@code results.json} records of it.
 *
 * @param allocator the allocator's plugin id
 * @param version its bundle version
 * @param options the allocator options the file gave (defaults not filled in)
 * @param budget the budget it met
 * @param keep the kept site patterns
 * @param probeImages images the probe evaluated
 * @param plan the experiment's plan with the chosen widths
 * @param widths the chosen width of every allocated site, in execution order
 * @param elements values per allocated site (weights: elements; activations: per image)
 * @param evaluations probe evaluations (forward passes over the probe images) the allocator caused
 * @param trace the allocator's steps
 * @param calibrationSeconds time of the per-width calibrations
 * @param allocatorSeconds time in the allocator (its probe evaluations included)
 * @param seconds the whole stage
 */
public record Allocation(String allocator, String version, Map<String, Object> options, BitBudget budget,
                         List<String> keep, int probeImages, List<SitePlan> plan, Map<QuantSite, Integer> widths, Map<QuantSite, Long> elements,
                         int evaluations, List<Map<String, Object>> trace, double calibrationSeconds,
                         double allocatorSeconds, double seconds) {

    /** The element-weighted mean width of the allocated weight sites, activation sites, and all of them. */
    public Map<String, Double> averageBits() {
        return SiteElements.averages(widths, elements);
    }

    /** The {@code allocation} section of {@code results.json}. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allocator", allocator + " " + version);
        m.put("options", new TreeMap<>(options));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("average_bits", budget.averageBits());
        b.put("max_model_bytes", budget.maxModelBytes());
        b.put("candidate_bits", budget.candidateBits());
        m.put("budget", b);
        m.put("keep", keep);
        m.put("average_bits", averageBits());
        Map<String, Object> sites = new LinkedHashMap<>();
        widths.forEach((site, w) -> sites.put(site.id(), Map.of("bits", w, "elements", elements.get(site))));
        m.put("sites", sites);
        m.put("probe_images", probeImages);
        m.put("probe_evaluations", evaluations);
        m.put("calibration_seconds", calibrationSeconds);
        m.put("allocator_seconds", allocatorSeconds);
        m.put("seconds", seconds);
        m.put("trace", trace);
        return m;
    }
}
