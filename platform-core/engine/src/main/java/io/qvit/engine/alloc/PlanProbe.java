package io.qvit.engine.alloc;

import io.qvit.api.alloc.SensitivityProbe;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.quant.MixedWidths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The platform's {@link SensitivityProbe}: a bit assignment is composed from the per-width
 * calibrations ({@link MixedWidths}, nothing re-fitted) and run on the probe images; the loss is
 * the mean KL divergence of its logits from the float model's, computed once; a divergence compares
 * two assignments' logits (the last reference's are kept). Counts the evaluations (forward passes)
 * and keeps the allocator's trace.
 */
final class PlanProbe implements SensitivityProbe {
    private final List<QuantSite> sites;
    private final Map<QuantSite, Long> elements;
    private final Map<QuantSite, Integer> start;
    private final MixedWidths widths;
    private final Tensor images;
    private final Tensor floatLogits;
    private final Consumer<String> progress;
    private final List<Map<String, Object>> trace = new ArrayList<>();
    private int evaluations;
    private Map<QuantSite, Integer> lastReference;
    private Tensor lastReferenceLogits;

    /**
     * A probe.
     *
     * @param sites the sites to assign, in execution order
     * @param elements values quantized per site (weights: elements; activations: per image)
     * @param start every quantized site's width before allocation (the default of sites a query leaves out)
     * @param widths the per-width calibrations
     * @param images the probe images {@code [P, C, H, W]}
     * @param floatLogits the float model's logits on them
     * @param progress receives one line per traced step
     */
    PlanProbe(List<QuantSite> sites, Map<QuantSite, Long> elements, Map<QuantSite, Integer> start, MixedWidths widths,
              Tensor images, Tensor floatLogits, Consumer<String> progress) {
        this.sites = List.copyOf(sites);
        this.elements = Map.copyOf(elements);
        this.start = Map.copyOf(start);
        this.widths = widths;
        this.images = images;
        this.floatLogits = floatLogits;
        this.progress = progress;
    }

    @Override
    public List<QuantSite> sites() {
        return sites;
    }

    @Override
    public long elements(QuantSite site) {
        Long n = elements.get(site);
        if (n == null) {
            throw new IllegalArgumentException(site + " is not a site of this allocation");
        }
        return n;
    }

    @Override
    public double loss(Map<QuantSite, Integer> bits) {
        return OutputDivergence.kl(floatLogits, logits(bits));
    }

    @Override
    public double divergence(Map<QuantSite, Integer> bits, Map<QuantSite, Integer> reference) {
        if (!reference.equals(lastReference)) {
            lastReferenceLogits = logits(reference);
            lastReference = Map.copyOf(reference);
        }
        return OutputDivergence.kl(lastReferenceLogits, logits(bits));
    }

    private Tensor logits(Map<QuantSite, Integer> bits) {
        Set<QuantSite> known = elements.keySet();
        for (QuantSite s : bits.keySet()) {
            if (!known.contains(s)) {
                throw new IllegalArgumentException(s + " is not a site of this allocation");
            }
        }
        evaluations++;
        return widths.compose(bits, start).forward(images);
    }

    @Override
    public void trace(Map<String, Object> step) {
        Map<String, Object> copy = Collections.unmodifiableMap(new LinkedHashMap<>(step));
        trace.add(copy);
        progress.accept(copy.toString());
    }

    /** The evaluations (forward passes over the probe images) so far. */
    int evaluations() {
        return evaluations;
    }

    /** The traced steps, in order. */
    List<Map<String, Object>> steps() {
        return List.copyOf(trace);
    }
}
