package io.qvit.engine.alloc;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.quant.SitePlan;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many values each site quantizes: a weight site its element count, an activation site its
 * values per image (from one forward pass of one image); and the element-weighted average width
 * of a plan, which {@code results.json} reports as {@code average_bits} and bit budgets count in.
 */
public final class SiteElements {
    private SiteElements() {
    }

    /**
     * The counts of {@code sites}.
     *
     * @param image one or more images {@code [N, C, H, W]}; the first is run
     * @throws QuantizationException if a site is not reached by the forward pass
     */
    public static Map<QuantSite, Long> count(CompiledModel model, Tensor image, List<QuantSite> sites) {
        Map<QuantSite, Long> n = new LinkedHashMap<>();
        for (WeightSite ws : model.weightSites()) {
            n.put(ws.site(), (long) model.model().weight(ws.key()).size());
        }
        int[] shape = image.shape();
        int per = image.size() / shape[0];
        shape[0] = 1;
        model.forward(Tensor.of(Arrays.copyOf(image.data(), per), shape), (site, x) -> {
            n.putIfAbsent(site, (long) x.size());
            return x;
        });
        Map<QuantSite, Long> out = new LinkedHashMap<>();
        for (QuantSite s : sites) {
            Long e = n.get(s);
            if (e == null) {
                throw new QuantizationException("site " + s + " was not reached by a forward pass; cannot count its values");
            }
            out.put(s, e);
        }
        return out;
    }

    /**
     * The element-weighted mean width of the quantized sites of {@code plan}: {@code weights},
     * {@code activations} (values per image) and {@code all}; null where there is no such site.
     */
    public static Map<String, Double> averageBits(CompiledModel model, Tensor image, List<SitePlan> plan) {
        List<QuantSite> sites = plan.stream().filter(SitePlan::enabled).map(SitePlan::site).toList();
        Map<QuantSite, Long> n = count(model, image, sites);
        Map<QuantSite, Integer> bits = new LinkedHashMap<>();
        plan.stream().filter(SitePlan::enabled).forEach(p -> bits.put(p.site(), p.config().bits()));
        return averages(bits, n);
    }

    /** The element-weighted means of {@code bits}: {@code weights}, {@code activations}, {@code all}. */
    static Map<String, Double> averages(Map<QuantSite, Integer> bits, Map<QuantSite, Long> elements) {
        double[] sum = new double[3];
        double[] count = new double[3];
        bits.forEach((site, b) -> {
            int k = site.role().isWeight() ? 0 : 1;
            long e = elements.get(site);
            sum[k] += (double) b * e;
            count[k] += e;
            sum[2] += (double) b * e;
            count[2] += e;
        });
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("weights", count[0] == 0 ? null : sum[0] / count[0]);
        m.put("activations", count[1] == 0 ? null : sum[1] / count[1]);
        m.put("all", count[2] == 0 ? null : sum[2] / count[2]);
        return m;
    }
}
