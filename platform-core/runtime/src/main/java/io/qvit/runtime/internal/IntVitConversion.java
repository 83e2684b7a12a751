package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.runtime.Requantization;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversion of a (fake-quantized) float ViT/DeiT into integer constants: the model's
 * dimensions, its calibrated sites checked for the integer path, its weights as {@link IntLinear}
 * layers, and real scale ratios turned into {@link Dyadic} factors by the {@link IntegerKernel},
 * each recorded as a {@link Requantization} in execution order.
 */
final class IntVitConversion {
    private final VisionModel model;
    private final IntSiteScales scales;
    private final IntegerKernel kernel;
    private final List<Requantization> requantizations = new ArrayList<>();
    final ModelConfig config;
    final VitShape shape;

    IntVitConversion(VisionModel model, IntSiteScales scales, IntegerKernel kernel) {
        this.model = model;
        this.scales = scales;
        this.kernel = kernel;
        this.config = model.config();
        this.shape = VitShape.of(config);
    }

    /** The calibrated grid of an activation site, checked: 2..{@code maxBits} bits, a finite positive scale. */
    IntSiteScales.Activation act(String scope, SiteRole role, int maxBits) {
        QuantSite site = new QuantSite(scope, role);
        IntSiteScales.Activation a = scales.activation(site);
        if (a.bits() < 2 || a.bits() > maxBits) {
            throw new IllegalArgumentException("integer path: site " + site + " must have 2.." + maxBits
                    + " bits, has " + a.bits());
        }
        if (!(a.scale() > 0) || !Double.isFinite(a.scale())) {
            throw new IllegalArgumentException("integer path: site " + site + " has scale " + a.scale());
        }
        return a;
    }

    /** The calibrated grid of a weight site. */
    IntSiteScales.Weight weight(String scope, SiteRole role) {
        return scales.weight(new QuantSite(scope, role));
    }

    /** The integer layer of weight {@code key}{@code .weight} (and {@code .bias} where the model has one). */
    IntLinear linear(String scope, SiteRole role, String key, IntSiteScales.Activation in, int out, int inDim) {
        IntSiteScales.Weight ws = weight(scope, role);
        String bias = key + ".bias";
        return new IntLinear(weights(key + ".weight"), model.weights().containsKey(bias) ? weights(bias) : null,
                ws.scales(), ws.bits(), in.scale(), in.maxAbs(), out, inDim, key);
    }

    /** The factors {@code accScales[c] / outScale} of a per-channel requantization. */
    Dyadic[] factors(String name, double[] accScales, double outScale) {
        double[] real = new double[accScales.length];
        for (int i = 0; i < real.length; i++) {
            real[i] = accScales[i] / outScale;
        }
        return record(name, real);
    }

    /** The factor of a per-tensor requantization. */
    Dyadic dyadic(String name, double factor) {
        return record(name, new double[] {factor})[0];
    }

    /** Converts real factors to dyadics once, remembering both for {@link #requantizations()}. */
    Dyadic[] record(String name, double[] real) {
        Dyadic[] f = new Dyadic[real.length];
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            f[i] = kernel.dyadic(real[i]);
            r.add(real[i]);
        }
        requantizations.add(new Requantization(name, r, List.of(f)));
        return f;
    }

    /** Every requantization recorded so far, in execution order. */
    List<Requantization> requantizations() {
        return List.copyOf(requantizations);
    }

    /** The float values of weight {@code key}. */
    float[] weights(String key) {
        return model.weight(key).data();
    }

    /** The values of weight {@code key} widened to double (LayerNorm affine parameters). */
    double[] doubles(String key) {
        float[] f = weights(key);
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = f[i];
        }
        return r;
    }
}
