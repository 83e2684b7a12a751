package io.qvit.plugins.mptq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.alloc.BitAllocator;
import io.qvit.api.alloc.BitBudget;
import io.qvit.api.alloc.SensitivityProbe;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code greedy-mp} against a probe whose loss is a known sum of per-site costs. */
class GreedyMpAllocatorTest {

    /** Loss = Σ weight_s · 2^(8 − bits_s): site s is {@code weight_s} sensitive. */
    private static class AdditiveProbe implements SensitivityProbe {
        final Map<QuantSite, Double> sensitivity = new LinkedHashMap<>();
        final Map<QuantSite, Long> elements = new LinkedHashMap<>();
        final List<Map<String, Object>> trace = new ArrayList<>();
        int calls;

        AdditiveProbe site(String scope, SiteRole role, double s, long n) {
            QuantSite q = new QuantSite(scope, role);
            sensitivity.put(q, s);
            elements.put(q, n);
            return this;
        }

        @Override
        public List<QuantSite> sites() {
            return List.copyOf(sensitivity.keySet());
        }

        @Override
        public long elements(QuantSite site) {
            return elements.get(site);
        }

        @Override
        public double loss(Map<QuantSite, Integer> bits) {
            calls++;
            double l = 0;
            for (QuantSite s : sensitivity.keySet()) {
                l += sensitivity.get(s) * Math.pow(2, 8 - bits.getOrDefault(s, 8));
            }
            return l;
        }

        /** Σ weight_s · |2^(8 − bits_s) − 2^(8 − reference_s)|: what the change alone costs. */
        @Override
        public double divergence(Map<QuantSite, Integer> bits, Map<QuantSite, Integer> reference) {
            calls++;
            double l = 0;
            for (QuantSite s : sensitivity.keySet()) {
                l += sensitivity.get(s) * Math.abs(Math.pow(2, 8 - bits.getOrDefault(s, 8))
                        - Math.pow(2, 8 - reference.getOrDefault(s, 8)));
            }
            return l;
        }

        @Override
        public void trace(Map<String, Object> step) {
            trace.add(step);
        }
    }

    private static AdditiveProbe probe() {
        return new AdditiveProbe()
                .site("blocks.0", SiteRole.QKV_WEIGHT, 1.0, 100)
                .site("blocks.0", SiteRole.FC1_WEIGHT, 0.01, 100)
                .site("blocks.0", SiteRole.QKV_INPUT, 5.0, 50)
                .site("blocks.0", SiteRole.FC2_INPUT, 0.02, 50);
    }

    private static double average(AdditiveProbe p, Map<QuantSite, Integer> bits, boolean weights) {
        double b = 0;
        double n = 0;
        for (QuantSite s : p.sites()) {
            if (s.role().isWeight() == weights) {
                b += bits.get(s) * p.elements(s);
                n += p.elements(s);
            }
        }
        return b / n;
    }

    @Test
    void theLeastSensitiveSitesDropFirstUntilEachAverageMeetsTheBudget() {
        AdditiveProbe p = probe();
        Map<QuantSite, Integer> bits = new GreedyMpAllocator().allocate(p, new BitBudget(6, 0, List.of(4, 5, 6, 8)));
        assertTrue(average(p, bits, true) <= 6 && average(p, bits, false) <= 6, bits.toString());
        assertEquals(4, bits.get(new QuantSite("blocks.0", SiteRole.FC1_WEIGHT)));
        assertEquals(8, bits.get(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT)));
        assertEquals(4, bits.get(new QuantSite("blocks.0", SiteRole.FC2_INPUT)));
        assertEquals(8, bits.get(new QuantSite("blocks.0", SiteRole.QKV_INPUT)));
        assertEquals(1 + 4 * 3 + 1, p.calls, "top, sites × smaller candidates, the final plan");
        long greedy = p.trace.stream().filter(t -> "greedy".equals(t.get("phase"))).count();
        assertEquals(6, greedy, "every step traced: two sites, 8→6→5→4 each");
        assertEquals("result", p.trace.get(p.trace.size() - 1).get("phase"));
    }

    /** {@link #probe()}, except that qkv.input's loss at 6 bits is 25 below the truth (probe noise). */
    private static AdditiveProbe noisyProbe() {
        QuantSite noisy = new QuantSite("blocks.0", SiteRole.QKV_INPUT);
        AdditiveProbe p = new AdditiveProbe() {
            @Override
            public double loss(Map<QuantSite, Integer> bits) {
                return super.loss(bits) - (bits.getOrDefault(noisy, 8) == 6 ? 25 : 0);
            }
        };
        return p.site("blocks.0", SiteRole.QKV_WEIGHT, 1.0, 100).site("blocks.0", SiteRole.FC1_WEIGHT, 0.01, 100)
                .site("blocks.0", SiteRole.QKV_INPUT, 5.0, 50).site("blocks.0", SiteRole.FC2_INPUT, 0.02, 50);
    }

    @Test
    void theNoiseModelKeepsASensitiveSiteWhoseNoisyDipBaitsTheRawDifferences() {
        BitBudget budget = new BitBudget(6, 0, List.of(4, 5, 6, 8));
        QuantSite noisy = new QuantSite("blocks.0", SiteRole.QKV_INPUT);
        BitAllocator raw = new GreedyMpAllocator().withOptions(Map.of("sensitivity", "raw"));
        Map<QuantSite, Integer> baited = raw.allocate(noisyProbe(), budget);
        assertEquals(6, baited.get(noisy), "a negative measured cost is taken first: " + baited);
        BitAllocator model = new GreedyMpAllocator().withOptions(Map.of("sensitivity", "noise-model"));
        Map<QuantSite, Integer> fitted = model.allocate(noisyProbe(), budget);
        assertEquals(raw.allocate(probe(), budget), fitted, "the noise-free plan");
    }

    @Test
    void theDivergenceTheDefaultIsNotBaitedByALossDip() {
        BitBudget budget = new BitBudget(6, 0, List.of(4, 5, 6, 8));
        AdditiveProbe p = noisyProbe();
        BitAllocator raw = new GreedyMpAllocator().withOptions(Map.of("sensitivity", "raw"));
        assertEquals(raw.allocate(probe(), budget), new GreedyMpAllocator().allocate(p, budget),
                "the default, divergence, gives the noise-free plan");
        assertTrue(p.trace.stream().filter(t -> "sensitivity".equals(t.get("phase")) && !"all".equals(t.get("site")))
                .allMatch(t -> t.containsKey("divergence")), "the trace says what was measured");
    }

    @Test
    void theNoiseModelFitIsNonNegativeAndFollowsTheNoisePower() {
        double[] d = {75, 35, 15, 0};
        double c = GreedyMpAllocator.fitNoiseModel(d, List.of(4, 5, 6, 8));
        assertTrue(c > 0);
        assertTrue(d[0] > d[1] && d[1] > d[2] && d[2] > d[3] && d[3] == 0, Arrays.toString(d));
        assertEquals(4.0, (d[0] - d[3]) / (d[1] - d[3]), 0.1, "4x the noise power per bit, almost");
        double[] negative = {-1, -2, -3, 0};
        assertEquals(0, GreedyMpAllocator.fitNoiseModel(negative, List.of(4, 5, 6, 8)));
        assertArrayEquals(new double[4], negative);
    }

    @Test
    void togetherTheBudgetIsOneAverageOverAllSites() {
        AdditiveProbe p = probe();
        BitAllocator a = new GreedyMpAllocator().withOptions(Map.of("scope", "together", "trace_loss", true));
        Map<QuantSite, Integer> bits = a.allocate(p, new BitBudget(6, 0, List.of(4, 5, 6, 8)));
        double b = 0;
        for (QuantSite s : p.sites()) {
            b += bits.get(s) * p.elements(s);
        }
        assertTrue(b / 300 <= 6, bits.toString());
        assertEquals(8, bits.get(new QuantSite("blocks.0", SiteRole.QKV_INPUT)));
        assertTrue(p.trace.stream().filter(t -> "greedy".equals(t.get("phase"))).allMatch(t -> t.containsKey("loss")));
    }

    @Test
    void theSamePlanTwice() {
        Map<QuantSite, Integer> a = new GreedyMpAllocator().allocate(probe(), new BitBudget(5, 0, List.of(3, 4, 5, 6, 8)));
        Map<QuantSite, Integer> b = new GreedyMpAllocator().allocate(probe(), new BitBudget(5, 0, List.of(3, 4, 5, 6, 8)));
        assertEquals(a, b);
    }

    @Test
    void aModelSizeBudgetLowersWeightsOnly() {
        AdditiveProbe p = probe();
        Map<QuantSite, Integer> bits = new GreedyMpAllocator().allocate(p, new BitBudget(0, 150, List.of(4, 8)));
        assertEquals(8, bits.get(new QuantSite("blocks.0", SiteRole.QKV_INPUT)));
        assertEquals(4, bits.get(new QuantSite("blocks.0", SiteRole.FC1_WEIGHT)));
        assertEquals(8, bits.get(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT)), "(100·8 + 100·4)/8 = 150 bytes fits");
    }

    @Test
    void badOptionsAndBudgetsAreOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GreedyMpAllocator().withOptions(Map.of("scope", "sideways")));
        assertTrue(e.getMessage().startsWith("option 'scope'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GreedyMpAllocator().allocate(probe(), new BitBudget(3, 0, List.of(4, 8))));
        assertTrue(e.getMessage().contains("below the smallest candidate"), e.getMessage());
    }
}
