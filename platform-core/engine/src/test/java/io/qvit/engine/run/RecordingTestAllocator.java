package io.qvit.engine.run;

import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.alloc.BitBudget;
import io.qvit.api.alloc.SensitivityProbe;
import io.qvit.api.quant.QuantSite;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A third-party bit allocator for engine tests: weights at the largest candidate, activations at
 * the smallest, and the probe's losses of "all at the smallest" and "all at the largest" kept and
 * traced, so a test sees that the engine called it and used its answer. {@code mode} makes it
 * misbehave instead: {@code throw} throws, {@code off-grid} answers a width outside the candidates.
 */
final class RecordingTestAllocator implements BitAllocator {
    private final String mode;
    double lossAllLow = Double.NaN;
    double lossAllHigh = Double.NaN;
    double divergenceLowFromHigh = Double.NaN;
    double divergenceHighFromHigh = Double.NaN;
    int calls;

    RecordingTestAllocator(String mode) {
        this.mode = mode;
    }

    @Override
    public BitAllocator withOptions(Map<String, Object> options) {
        for (String k : options.keySet()) {
            if (!k.equals("note")) {
                throw new IllegalArgumentException("unknown option '" + k + "' (recording knows: note)");
            }
        }
        return this;
    }

    @Override
    public Map<QuantSite, Integer> allocate(SensitivityProbe probe, BitBudget budget) {
        calls++;
        if (mode.equals("throw")) {
            throw new IllegalStateException("no budget fits");
        }
        int low = budget.candidateBits().get(0);
        int high = budget.candidateBits().get(budget.candidateBits().size() - 1);
        Map<QuantSite, Integer> allLow = new LinkedHashMap<>();
        Map<QuantSite, Integer> allHigh = new LinkedHashMap<>();
        Map<QuantSite, Integer> out = new LinkedHashMap<>();
        for (QuantSite s : probe.sites()) {
            allLow.put(s, low);
            allHigh.put(s, high);
            out.put(s, mode.equals("off-grid") ? high + 1 : s.role().isWeight() ? high : low);
        }
        lossAllLow = probe.loss(allLow);
        lossAllHigh = probe.loss(allHigh);
        divergenceLowFromHigh = probe.divergence(allLow, allHigh);
        divergenceHighFromHigh = probe.divergence(allHigh, allHigh);
        probe.trace(Map.of("step", 1, "loss_all_low", lossAllLow, "loss_all_high", lossAllHigh));
        return out;
    }
}
