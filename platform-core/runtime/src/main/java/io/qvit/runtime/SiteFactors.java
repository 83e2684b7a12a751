package io.qvit.runtime;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.runtime.internal.IntLinear;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@link IntegerSimulation}'s bookkeeping of scales and factors: the per-tensor scale and bits
 * of each fitted site, the accumulator scales {@code s_w[c]·s_x} of each layer as the integer path
 * derives them, and the {@link Dyadic} requantization factors, each converted once per key.
 */
final class SiteFactors {
    private final Map<QuantSite, QuantParams> params;
    private final IntegerKernel kernel;
    private final Map<String, Dyadic[]> factors = new HashMap<>();
    private final Map<String, double[]> accScales = new HashMap<>();

    SiteFactors(Map<QuantSite, QuantParams> params, IntegerKernel kernel) {
        this.params = params;
        this.kernel = kernel;
    }

    /**
     * The scale of a per-tensor site.
     *
     * @throws IllegalArgumentException if the site is missing or not per tensor
     */
    double scale(QuantSite site) {
        QuantParams p = params.get(site);
        if (p == null || p.scale().size() != 1) {
            throw new IllegalArgumentException("integer simulation: site " + site
                    + " needs a per-tensor quantizer (enable it in the experiment)");
        }
        return p.scale().data()[0];
    }

    /** The bits of a fitted site. */
    int bits(QuantSite site) {
        return params.get(site).bits();
    }

    /** {@code s_w[c]·s_x} of the layer whose weight site is {@code weight}, as the integer path derives it. */
    double[] accScales(QuantSite weight, QuantSite input, int channels) {
        return accScales.computeIfAbsent(weight + "|" + input, k -> IntLinear.accumulatorScales(
                doubles(params.get(weight).scale().data()), scale(input), channels));
    }

    /** Dyadic factors {@code real[c]}, converted once per key. */
    Dyadic[] dyadics(String key, Supplier<double[]> real) {
        return factors.computeIfAbsent(key, k -> {
            double[] r = real.get();
            Dyadic[] d = new Dyadic[r.length];
            for (int i = 0; i < r.length; i++) {
                d[i] = kernel.dyadic(r[i]);
            }
            return d;
        });
    }

    /** Dyadic factors {@code acc[c] / out}, converted once per key. */
    Dyadic[] ratio(String key, double[] acc, double out) {
        return dyadics(key, () -> {
            double[] r = new double[acc.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = acc[i] / out;
            }
            return r;
        });
    }

    /** {@code f} widened to double. */
    static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
