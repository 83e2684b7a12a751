package io.qvit.engine.alloc;

import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.alloc.BitBudget;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.BitAllocatorSpec;
import io.qvit.engine.experiment.ExperimentSpec.BudgetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.MixedWidths;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SitePattern;
import io.qvit.engine.quant.SitePlan;
import io.qvit.runtime.CompiledModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs {@code quantization.bit_allocator}: calibrates the experiment's plan once per width (the
 * allocated sites all at that width, the kept ones as their rules say), hands the allocator a
 * {@link PlanProbe} over those calibrations, checks its answer, and returns the plan with the
 * chosen widths, which the run then calibrates as any other plan.
 */
public final class AllocationStage {
    /** Candidate widths when the budget names none. */
    public static final List<Integer> DEFAULT_CANDIDATES = List.of(4, 5, 6, 8);
    /** Probe images when the experiment names no number. */
    public static final int DEFAULT_PROBE_IMAGES = 8;

    /** One calibration of a plan, as the run does it. */
    public interface PlanCalibration {
        /**
         * Calibrates {@code plan}.
         *
         * @return the quantized model, its calibration images and its float reference
         */
        Calibration calibrate(List<SitePlan> plan) throws ExperimentException, IOException;
    }

    /**
     * A calibrated plan.
     *
     * @param model the quantized model
     * @param images the calibration images {@code [N, C, H, W]}
     * @param reference the float model it was calibrated from
     */
    public record Calibration(QuantizedModel model, Tensor images, CompiledModel reference) {
    }

    private final PluginCatalog plugins;
    private final Consumer<String> progress;

    /** A stage taking allocators from {@code plugins} and printing progress lines to {@code progress}. */
    public AllocationStage(PluginCatalog plugins, Consumer<String> progress) {
        this.plugins = plugins;
        this.progress = progress;
    }

    /**
     * Allocates.
     *
     * @param file the experiment (its {@code quantization.bit_allocator})
     * @param allocatorId the recipe's allocator id
     * @param plan the plan at the starting widths
     * @param calibration how the run calibrates a plan
     * @throws ExperimentException for an unknown allocator, bad options or budget, or an answer outside the budget's candidates
     */
    public Allocation run(ExperimentFile file, String allocatorId, List<SitePlan> plan, PlanCalibration calibration)
            throws ExperimentException, IOException {
        long t0 = System.nanoTime();
        BitAllocatorSpec spec = file.spec().quantization().bitAllocator();
        if (spec == null) {
            throw file.error("quantization", "the method's bit allocator '" + allocatorId
                    + "' needs quantization.bit_allocator with a budget");
        }
        BitAllocator allocator = allocator(file, allocatorId, spec);
        BitBudget budget = budget(file, spec.budget());
        List<SitePattern> keep = new ArrayList<>();
        for (String k : spec.keptPatterns()) {
            try {
                keep.add(SitePattern.of(k));
            } catch (IllegalArgumentException e) {
                throw file.error("quantization.bit_allocator.keep", e.getMessage());
            }
        }
        Map<QuantSite, Integer> start = new LinkedHashMap<>();
        List<QuantSite> allocated = new ArrayList<>();
        for (SitePlan p : plan) {
            if (p.enabled()) {
                start.put(p.site(), p.config().bits());
                if (keep.stream().noneMatch(k -> k.matches(p.site()))) {
                    allocated.add(p.site());
                }
            }
        }
        if (allocated.isEmpty()) {
            throw file.error("quantization.bit_allocator.keep", "no quantized site is left to allocate");
        }
        TreeSet<Integer> widths = new TreeSet<>(budget.candidateBits());
        allocated.forEach(s -> widths.add(start.get(s)));
        Map<Integer, QuantizedModel> byWidth = new TreeMap<>();
        Calibration top = null;
        long c0 = System.nanoTime();
        for (int b : widths.descendingSet()) {
            progress.accept("bit allocation: calibrating the allocated sites at " + b + " bits");
            Calibration c = calibration.calibrate(withWidths(plan, allocated, b));
            byWidth.put(b, c.model());
            if (top == null) {
                top = c;
            }
        }
        double calibrationSeconds = (System.nanoTime() - c0) / 1e9;
        int probeCount = spec.probeImages() == null ? DEFAULT_PROBE_IMAGES : spec.probeImages();
        Tensor probeImages = first(top.images(), probeCount);
        CompiledModel reference = top.reference();
        Map<QuantSite, Long> elements = SiteElements.count(reference, probeImages, allocated);
        PlanProbe probe = new PlanProbe(allocated, elements, start, new MixedWidths(reference, byWidth), probeImages,
                reference.forward(probeImages), line -> progress.accept("bit allocation: " + line));
        long a0 = System.nanoTime();
        Map<QuantSite, Integer> chosen;
        try {
            chosen = allocator.allocate(probe, budget);
        } catch (RuntimeException e) {
            throw new QuantizationException("bit allocator '" + allocatorId + "' failed: " + e, e);
        }
        double allocatorSeconds = (System.nanoTime() - a0) / 1e9;
        check(file, allocatorId, chosen, allocated, budget);
        List<SitePlan> result = new ArrayList<>();
        for (SitePlan p : plan) {
            result.add(chosen.containsKey(p.site()) ? at(p, chosen.get(p.site())) : p);
        }
        Map<QuantSite, Integer> ordered = new LinkedHashMap<>();
        allocated.forEach(s -> ordered.put(s, chosen.get(s)));
        return new Allocation(allocatorId, plugins.version(BitAllocator.class, allocatorId), spec.allocatorOptions(),
                budget, spec.keptPatterns(), probeImages.dim(0), result, ordered, elements, probe.evaluations(),
                probe.steps(), calibrationSeconds, allocatorSeconds, (System.nanoTime() - t0) / 1e9);
    }

    private BitAllocator allocator(ExperimentFile file, String id, BitAllocatorSpec spec) throws ExperimentException {
        BitAllocator found = plugins.find(BitAllocator.class, id).orElse(null);
        if (found == null) {
            String why = plugins.unavailable(BitAllocator.class, id).map(w -> "bit allocator plugin '" + id + "' " + w)
                    .orElse("unknown bit allocator plugin id '" + id + "' (installed: "
                            + String.join(", ", plugins.ids(BitAllocator.class)) + ")");
            throw file.error("quantization.bit_allocator.id", why);
        }
        try {
            return found.withOptions(spec.allocatorOptions());
        } catch (IllegalArgumentException e) {
            throw file.error("quantization.bit_allocator.options", e.getMessage());
        }
    }

    private static BitBudget budget(ExperimentFile file, BudgetSpec b) throws ExperimentException {
        if (b == null) {
            throw file.error("quantization.bit_allocator", "needs a budget (average_bits or max_model_bytes)");
        }
        List<Integer> candidates = b.candidateBits() == null ? DEFAULT_CANDIDATES
                : List.copyOf(new TreeSet<>(b.candidateBits()));
        try {
            return new BitBudget(b.averageBits() == null ? 0 : b.averageBits(),
                    b.maxModelBytes() == null ? 0 : b.maxModelBytes(), candidates);
        } catch (IllegalArgumentException e) {
            throw file.error("quantization.bit_allocator.budget", e.getMessage());
        }
    }

    private static void check(ExperimentFile file, String id, Map<QuantSite, Integer> chosen, List<QuantSite> allocated,
                              BitBudget budget) throws ExperimentException {
        if (chosen == null) {
            throw file.error("quantization.bit_allocator.id", "bit allocator '" + id + "' returned no allocation");
        }
        for (QuantSite s : allocated) {
            Integer b = chosen.get(s);
            if (b == null) {
                throw file.error("quantization.bit_allocator.id", "bit allocator '" + id + "' gave no width for site " + s);
            }
            if (!budget.candidateBits().contains(b)) {
                throw file.error("quantization.bit_allocator.id", "bit allocator '" + id + "' gave site " + s + " "
                        + b + " bits, not one of the candidates " + budget.candidateBits());
            }
        }
        for (QuantSite s : chosen.keySet()) {
            if (!allocated.contains(s)) {
                throw file.error("quantization.bit_allocator.id", "bit allocator '" + id + "' gave a width to site "
                        + s + ", which is not allocated (kept or not quantized)");
            }
        }
    }

    private static List<SitePlan> withWidths(List<SitePlan> plan, List<QuantSite> sites, int bits) {
        java.util.Set<QuantSite> set = new java.util.HashSet<>(sites);
        List<SitePlan> out = new ArrayList<>();
        for (SitePlan p : plan) {
            out.add(set.contains(p.site()) ? at(p, bits) : p);
        }
        return out;
    }

    private static SitePlan at(SitePlan p, int bits) {
        QuantizerConfig c = p.config();
        return new SitePlan(p.site(), p.quantizer(), new QuantizerConfig(bits, c.granularity(), c.symmetric(), c.init(),
                c.heads(), c.options()));
    }

    private static Tensor first(Tensor images, int n) {
        int[] shape = images.shape();
        int k = Math.min(n, shape[0]);
        int per = images.size() / shape[0];
        shape[0] = k;
        return Tensor.of(java.util.Arrays.copyOf(images.data(), k * per), shape);
    }
}
