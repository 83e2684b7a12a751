package io.qvit.plugins.mptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.alloc.BitBudget;
import io.qvit.api.alloc.SensitivityProbe;
import io.qvit.api.quant.QuantSite;
import io.qvit.toolkit.options.OptionReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code greedy-mp}: MPTQ-ViT's greedy mixed precision, as reconstructed (PAPERS §2.4). Every
 * site (a linear layer's weights, an activation site) starts at the largest candidate width.
 * Sensitivity: for every site and every smaller candidate b, the probe's loss with that site alone
 * at b, minus the loss with every site at the top ({@code 1 + sites·(candidates − 1)} probe
 * evaluations). Then greedy steps: among the sites that can drop to their next smaller candidate,
 * take the one with the smallest
 *
 * <pre>   score = (sens(site, next) − sens(site, current)) / ((current − next)·elements(site))</pre>
 *
 * (loss increase per bit saved, ties to the earlier site in execution order), until the budget's
 * element-weighted average width is met: with {@code scope: separate} (default) for the weight
 * sites and the activation sites each, with {@code together} over all of them; a
 * {@code max_model_bytes} budget also needs the weights' bits/8 to fit. Each sensitivity and each
 * step is traced; {@code trace_loss: true} also measures the probe loss after every step (one more
 * evaluation per step). Deterministic: the same probe answers give the same plan.
 *
 * <p>Option {@code sensitivity}, how a site's cost at b is measured: {@code divergence} (default)
 * is the divergence of the model with that site at b from the model with every site at the top
 * ({@link SensitivityProbe#divergence}): never negative, and free of the cross term with the error
 * every site at the top already has, which dominates the loss differences of a small change.
 * {@code raw} is that loss difference as measured, so the probe's noise can make b bits look
 * cheaper than b + 1 and a step's cost negative. {@code noise-model} replaces each site's raw
 * measurements by the least-squares fit {@code sens(b) = c·(4^−b − 4^−top)}, c ≥ 0 (a loss growing
 * with the quantization noise power, 4× per bit), so every step costs c·(4^−next − 4^−current) ≥ 0.
 * On DeiT-T at an average of 5 bits, over six calibration draws, divergence gains most over uniform
 * 5 bits (docs/methods/mptq.md).
 */
@Component(service = BitAllocator.class)
@QvitPlugin(id = GreedyMpAllocator.ID, citation = "Tai, Wu: MPTQ-ViT, arXiv 2401.14895 (reconstruction)")
public final class GreedyMpAllocator implements BitAllocator {
    /** The plugin id. */
    public static final String ID = "greedy-mp";
    private static final Set<String> KNOWN = Set.of("scope", "trace_loss", "sensitivity");

    private final boolean separate;
    private final boolean traceLoss;
    private final String sensitivity;

    /** The allocator with its defaults (Declarative Services calls this; so may anyone else). */
    public GreedyMpAllocator() {
        this(true, false, "divergence");
    }

    private GreedyMpAllocator(boolean separate, boolean traceLoss, String sensitivity) {
        this.separate = separate;
        this.traceLoss = traceLoss;
        this.sensitivity = sensitivity;
    }

    @Override
    public BitAllocator withOptions(Map<String, Object> options) {
        OptionReader o = OptionReader.of(options).requireKnown(ID, KNOWN);
        return new GreedyMpAllocator(o.choice("scope", "separate", List.of("separate", "together")).equals("separate"),
                o.bool("trace_loss", false),
                o.choice("sensitivity", "divergence", List.of("divergence", "raw", "noise-model")));
    }

    @Override
    public Map<QuantSite, Integer> allocate(SensitivityProbe probe, BitBudget budget) {
        List<Integer> cand = budget.candidateBits().stream().sorted().distinct().toList();
        int top = cand.get(cand.size() - 1);
        if (budget.averageBits() > 0 && budget.averageBits() < cand.get(0)) {
            throw new IllegalArgumentException("average_bits " + budget.averageBits() + " is below the smallest candidate "
                    + cand.get(0));
        }
        List<QuantSite> sites = probe.sites();
        Map<QuantSite, Integer> current = new LinkedHashMap<>();
        sites.forEach(s -> current.put(s, top));
        double base = probe.loss(current);
        probe.trace(Map.of("phase", "sensitivity", "site", "all", "bits", top, "loss", base));
        Map<QuantSite, double[]> sens = new LinkedHashMap<>();
        boolean divergence = sensitivity.equals("divergence");
        for (QuantSite s : sites) {
            double[] d = new double[cand.size()];
            for (int i = 0; i < cand.size() - 1; i++) {
                Map<QuantSite, Integer> one = new LinkedHashMap<>(current);
                one.put(s, cand.get(i));
                d[i] = divergence ? probe.divergence(one, current) : probe.loss(one) - base;
                probe.trace(Map.of("phase", "sensitivity", "site", s.id(), "bits", cand.get(i),
                        divergence ? "divergence" : "delta_loss", d[i]));
            }
            if (sensitivity.equals("noise-model")) {
                double c = fitNoiseModel(d, cand);
                probe.trace(Map.of("phase", "sensitivity-fit", "site", s.id(), "c", c));
            }
            sens.put(s, d);
        }
        Budget state = new Budget(probe, budget, sites, current);
        int step = 0;
        while (!state.met()) {
            QuantSite best = null;
            double bestScore = 0;
            int bestFrom = 0;
            int bestTo = 0;
            double bestCost = 0;
            for (QuantSite s : sites) {
                int at = cand.indexOf(current.get(s));
                if (at == 0 || !state.open(s)) {
                    continue;
                }
                double cost = sens.get(s)[at - 1] - sens.get(s)[at];
                long gain = (long) (cand.get(at) - cand.get(at - 1)) * probe.elements(s);
                double score = cost / gain;
                if (best == null || score < bestScore) {
                    best = s;
                    bestScore = score;
                    bestFrom = cand.get(at);
                    bestTo = cand.get(at - 1);
                    bestCost = cost;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("the budget cannot be met: every allocatable site is at "
                        + cand.get(0) + " bits (" + state.describe() + ")");
            }
            current.put(best, bestTo);
            step++;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("phase", "greedy");
            t.put("step", step);
            t.put("site", best.id());
            t.put("from", bestFrom);
            t.put("to", bestTo);
            t.put("delta_loss", bestCost);
            t.put("score", bestScore);
            t.put("average_bits", state.describe());
            if (traceLoss) {
                t.put("loss", probe.loss(current));
            }
            probe.trace(t);
        }
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("phase", "result");
        end.put("steps", step);
        end.put("average_bits", state.describe());
        end.put("loss", probe.loss(current));
        probe.trace(end);
        return current;
    }

    /**
     * Replaces {@code d} (the measured sensitivities at the candidates, the top's being 0) by the
     * least-squares fit {@code c·(4^−b − 4^−top)} with c ≥ 0, and returns c.
     */
    static double fitNoiseModel(double[] d, List<Integer> cand) {
        int top = cand.get(cand.size() - 1);
        double[] x = new double[d.length];
        double xd = 0;
        double xx = 0;
        for (int i = 0; i < d.length; i++) {
            x[i] = StrictMath.pow(4, -cand.get(i)) - StrictMath.pow(4, -top);
            if (i < d.length - 1) {
                xd += x[i] * d[i];
                xx += x[i] * x[i];
            }
        }
        double c = xx > 0 ? Math.max(0, xd / xx) : 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = c * x[i];
        }
        return c;
    }

    /** The budget's state for the current widths. */
    private final class Budget {
        private final SensitivityProbe probe;
        private final BitBudget budget;
        private final List<QuantSite> sites;
        private final Map<QuantSite, Integer> bits;

        Budget(SensitivityProbe probe, BitBudget budget, List<QuantSite> sites, Map<QuantSite, Integer> bits) {
            this.probe = probe;
            this.budget = budget;
            this.sites = sites;
            this.bits = bits;
        }

        /** Element-weighted mean width of the weight sites ({@code kind} 0), activation sites (1), all (2); NaN if none. */
        double average(int kind) {
            double b = 0;
            double n = 0;
            for (QuantSite s : sites) {
                if (kind == 2 || (kind == 0) == s.role().isWeight()) {
                    b += (double) bits.get(s) * probe.elements(s);
                    n += probe.elements(s);
                }
            }
            return n == 0 ? Double.NaN : b / n;
        }

        double weightBytes() {
            double b = 0;
            for (QuantSite s : sites) {
                if (s.role().isWeight()) {
                    b += (double) bits.get(s) * probe.elements(s) / 8;
                }
            }
            return b;
        }

        boolean met() {
            return averageMet(0) && averageMet(1) && bytesMet();
        }

        private boolean averageMet(int kind) {
            if (budget.averageBits() <= 0) {
                return true;
            }
            if (!separate) {
                return kind == 1 || average(2) <= budget.averageBits() + 1e-9;
            }
            double a = average(kind);
            return Double.isNaN(a) || a <= budget.averageBits() + 1e-9;
        }

        private boolean bytesMet() {
            return budget.maxModelBytes() <= 0 || weightBytes() <= budget.maxModelBytes();
        }

        /** Whether lowering {@code s} helps a constraint that is not met yet. */
        boolean open(QuantSite s) {
            boolean weight = s.role().isWeight();
            if (!separate && !averageMet(0)) {
                return true;
            }
            return (separate && !averageMet(weight ? 0 : 1)) || (weight && !bytesMet());
        }

        String describe() {
            return String.format(Locale.ROOT, "weights %.3f, activations %.3f, all %.3f", average(0), average(1),
                    average(2));
        }
    }
}
