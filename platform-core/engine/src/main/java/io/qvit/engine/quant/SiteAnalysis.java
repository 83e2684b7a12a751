package io.qvit.engine.quant;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-site error analysis of a quantized model against its float model on a few images: for each
 * quantized site, its scale summary, the SQNR of its own quantization, and the SQNR and cosine
 * similarity of the quantized model's tensor there against the float model's (how much error has
 * accumulated by that point).
 */
public final class SiteAnalysis {
    private SiteAnalysis() {
    }

    /** Accumulates signal and error energy and the dot product of two tensors. */
    private static final class Pair {
        double signal;
        double noise;
        double dot;
        double normA;
        double normB;

        void add(float[] a, float[] b) {
            for (int i = 0; i < a.length; i++) {
                double x = a[i];
                double y = b[i];
                signal += x * x;
                noise += (x - y) * (x - y);
                dot += x * y;
                normA += x * x;
                normB += y * y;
            }
        }

        double sqnrDb() {
            return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
        }

        double cosine() {
            return normA == 0 || normB == 0 ? (normA == normB ? 1 : 0) : dot / Math.sqrt(normA * normB);
        }
    }

    /**
     * Analyses {@code quantized} against {@code fp} on {@code images}.
     *
     * @return one entry per quantized site, in execution order
     */
    public static List<SiteStats> analyse(CompiledModel fp, QuantizedModel quantized, Tensor images) {
        Map<QuantSite, TensorQuantizer> acts = quantized.activationQuantizers();
        Map<QuantSite, float[]> reference = new HashMap<>();
        fp.forward(images, (site, x) -> {
            if (acts.containsKey(site)) {
                reference.put(site, x.data().clone());
            }
            return x;
        });
        Map<QuantSite, Pair> local = new HashMap<>();
        Map<QuantSite, Pair> cumulative = new HashMap<>();
        quantized.model().forward(images, (site, x) -> {
            TensorQuantizer q = acts.get(site);
            if (q == null) {
                return x;
            }
            Tensor xq = q.quantize(x);
            local.computeIfAbsent(site, s -> new Pair()).add(x.data(), xq.data());
            cumulative.computeIfAbsent(site, s -> new Pair()).add(reference.get(site), xq.data());
            return xq;
        });
        Map<QuantSite, Pair> weightPairs = new HashMap<>();
        for (WeightSite ws : fp.weightSites()) {
            if (quantized.weightQuantizers().containsKey(ws.site())) {
                Pair p = new Pair();
                p.add(fp.model().weight(ws.key()).data(), quantized.model().model().weight(ws.key()).data());
                weightPairs.put(ws.site(), p);
            }
        }
        List<SiteStats> out = new ArrayList<>();
        for (SitePlan plan : quantized.plan()) {
            if (!plan.enabled()) {
                continue;
            }
            QuantSite site = plan.site();
            TensorQuantizer q = site.role().isWeight() ? quantized.weightQuantizers().get(site) : acts.get(site);
            Pair l = site.role().isWeight() ? weightPairs.get(site) : local.get(site);
            Pair c = site.role().isWeight() ? l : cumulative.get(site);
            if (q == null || l == null || c == null) {
                continue;
            }
            double[] scale = summary(q.params());
            out.add(new SiteStats(site.id(), plan.quantizer(), plan.config().bits(),
                    plan.config().granularity().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    scale[0], scale[1], scale[2], l.sqnrDb(), c.sqnrDb(), c.cosine()));
        }
        return out;
    }

    private static double[] summary(QuantParams p) {
        float[] s = p.scale().data();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : s) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return s.length == 0 ? new double[3] : new double[] {min, sum / s.length, max};
    }
}
