package io.qvit.runtime;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin-free symmetric minmax calibration of every site the integer path needs (the recipe of
 * {@code experiments/ivit-w8a8.yaml} without the quantizer plugins): per-channel int8
 * weights, per-tensor activations at 8 bits, the residual stream and attention probabilities at
 * 16 bits, and the fake-quant forward pass that simulates it. Used by {@code qvit bench} (whose
 * speed figures do not depend on the scale values) and by tests; experiments calibrate with the
 * quantizer plugins instead.
 */
public final class SymmetricMinMax {
    /** The model with fake-quantized (on-grid) weights. */
    public final CompiledModel fakeQuantWeights;
    /** The fitted parameters of every site, as {@link IntegerModel#convert} takes them. */
    public final Map<QuantSite, QuantParams> params = new LinkedHashMap<>();
    private final Map<QuantSite, float[]> actScale = new HashMap<>();
    private final Map<QuantSite, Integer> actBits = new HashMap<>();

    /** The bit-width of a role: 16 for the residual stream and attention probabilities, else 8. */
    public static int bits(SiteRole role) {
        return switch (role) {
            case NORM_INPUT, RESIDUAL, ATTN_PROBS -> 16;
            default -> 8;
        };
    }

    /** Calibrates {@code model} on one batch of images. */
    public SymmetricMinMax(CompiledModel model, Tensor calibration) {
        Map<QuantSite, Double> max = new HashMap<>();
        model.forward(calibration, (site, x) -> {
            double m = 0;
            for (float v : x.data()) {
                m = Math.max(m, Math.abs(v));
            }
            max.merge(site, m, Math::max);
            return x;
        });
        max.forEach((site, m) -> {
            int b = bits(site.role());
            float s = m == 0 ? 1f : (float) (m / ((1 << (b - 1)) - 1));
            actScale.put(site, new float[] {s});
            actBits.put(site, b);
            params.put(site, new QuantParams(b, Granularity.PER_TENSOR, Tensor.of(new float[] {s}, 1),
                    Tensor.of(new float[1], 1), Map.of()));
        });
        Map<String, Tensor> replaced = new LinkedHashMap<>();
        for (WeightSite ws : model.weightSites()) {
            Tensor w = model.model().weight(ws.key());
            int rows = w.dim(0);
            int per = w.size() / rows;
            float[] s = new float[rows];
            float[] q = new float[w.size()];
            for (int r = 0; r < rows; r++) {
                double m = 0;
                for (int i = 0; i < per; i++) {
                    m = Math.max(m, Math.abs(w.data()[r * per + i]));
                }
                s[r] = m == 0 ? 1f : (float) (m / 127);
                for (int i = 0; i < per; i++) {
                    q[r * per + i] = quantize(w.data()[r * per + i], s[r], 8);
                }
            }
            replaced.put(ws.key(), Tensor.of(q, w.shape()));
            params.put(ws.site(), new QuantParams(8, Granularity.PER_CHANNEL, Tensor.of(s, rows),
                    Tensor.of(new float[rows], rows), Map.of()));
        }
        fakeQuantWeights = model.withWeights(replaced);
    }

    /** Symmetric fake quantization of one value (round half to even, clamp to signed {@code bits}). */
    public static float quantize(float x, float s, int bits) {
        double q = Math.rint(x / s);
        double hi = (1 << (bits - 1)) - 1;
        double lo = -(1 << (bits - 1));
        return (float) (Math.max(lo, Math.min(hi, q)) * s);
    }

    /** The hook's action at one site: {@code x} fake-quantized in place if the site is quantized. */
    public Tensor fakeQuant(QuantSite site, Tensor x) {
        float[] s = actScale.get(site);
        if (s == null) {
            return x;
        }
        int b = actBits.get(site);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = quantize(d[i], s[0], b);
        }
        return x;
    }

    /** The fake-quantized forward pass: quantized weights, every site quantized symmetric per tensor. */
    public Tensor fakeQuant(Tensor images) {
        return fakeQuantWeights.forward(images, (site, x) -> {
            float[] s = actScale.get(site);
            if (s == null) {
                return x;
            }
            int b = actBits.get(site);
            float[] d = x.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = quantize(d[i], s[0], b);
            }
            return x;
        });
    }
}
