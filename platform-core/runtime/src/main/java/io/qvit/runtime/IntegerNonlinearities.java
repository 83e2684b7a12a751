package io.qvit.runtime;

import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/**
 * A fake-quantization hook that also replaces the float softmax, GELU and LayerNorm by an
 * {@link IntegerKernel}'s integer approximations (Shiftmax, ShiftGELU, I-LayerNorm) applied to the
 * quantized integers, the way I-ViT's own training graph simulates its integer model. With it the
 * float simulation differs from the {@link IntegerModel} only in rounding (dyadic factors,
 * integer biases, requantizations and residual adds rounded where the simulation keeps real
 * values until the next quantizer).
 *
 * <p>LayerNorm: the quantized residual stream at {@code norm.input} (and {@code residual}) goes
 * through {@link IntegerKernel#layerNorm(IntTensor, double[], double[], double, int)} with the
 * block's {@code norm1} ({@code norm2}) and the grid of {@code qkv.input} ({@code fc1.input}),
 * and replaces the float LayerNorm output there; the final {@code norm.input}'s class (and
 * distillation) token rows replace {@code head.input} ({@code head_dist.input}).
 *
 * <p>At {@code softmax.input} the wrapped hook quantizes the logits; their integers
 * ({@code round(x/s)}) go through {@link IntegerKernel#softmax} with the bits of the block's
 * {@code attn.probs} site, and the result (on its own {@code 2^-(bits-1)} grid, so not
 * re-quantized) replaces the float probabilities at {@code attn.probs}. Likewise the quantized
 * {@code gelu.input} goes through {@link IntegerKernel#gelu} and replaces the float GELU output
 * before the wrapped hook quantizes {@code fc2.input}. Not thread-safe: one forward pass at a time.
 */
public final class IntegerNonlinearities implements ActivationHook {
    private final ActivationHook quantize;
    private final Map<QuantSite, QuantParams> params;
    private final IntegerKernel kernel;
    private final CompiledModel model;
    private float[] probs;
    private float[] gelu;
    private final Map<QuantSite, float[]> normed = new java.util.HashMap<>();
    private final boolean doSoftmax;
    private final boolean doGelu;
    private final boolean doNorm;

    /**
     * Diagnostic switch: the system property {@code qvit.integer.simulate} (comma-separated
     * {@code softmax}, {@code gelu}, {@code layernorm}; default all three) selects which integer
     * non-linearities replace the float ones, to measure what each costs.
     */
    public static final String SIMULATE_PROPERTY = "qvit.integer.simulate";

    /**
     * Wraps {@code quantize} (the fake-quant hook whose fitted parameters are {@code params}).
     *
     * @throws IllegalArgumentException if an activation site lacks a per-tensor quantizer
     */
    public IntegerNonlinearities(ActivationHook quantize, Map<QuantSite, QuantParams> params, IntegerKernel kernel,
                                 CompiledModel model) {
        this.quantize = Objects.requireNonNull(quantize, "quantize");
        this.params = Map.copyOf(params);
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.model = model;
        java.util.Set<String> which = java.util.Set.of(
                System.getProperty(SIMULATE_PROPERTY, "softmax,gelu,layernorm").split("\\s*,\\s*"));
        this.doSoftmax = which.contains("softmax");
        this.doGelu = which.contains("gelu");
        this.doNorm = which.contains("layernorm");
        for (QuantSite s : model.activationSites()) {
            scale(s);
        }
    }

    private double scale(QuantSite site) {
        QuantParams p = params.get(site);
        if (p == null || p.scale().size() != 1) {
            throw new IllegalArgumentException("integer non-linearities: site " + site
                    + " needs a per-tensor quantizer (enable it in the experiment)");
        }
        return p.scale().data()[0];
    }

    @Override
    public Tensor apply(QuantSite site, Tensor x) {
        SiteRole role = site.role();
        boolean swapped = switch (role) {
            case NORM_INPUT, RESIDUAL, QKV_INPUT, FC1_INPUT, HEAD_INPUT -> doNorm;
            case SOFTMAX_INPUT, ATTN_PROBS -> doSoftmax;
            case GELU_INPUT, FC2_INPUT -> doGelu;
            default -> true;
        };
        if (!swapped) {
            return quantize.apply(site, x);
        }
        switch (site.role()) {
            case NORM_INPUT, RESIDUAL -> {
                Tensor q = quantize.apply(site, x);
                layerNorm(site, q);
                return q;
            }
            case QKV_INPUT, FC1_INPUT, HEAD_INPUT -> {
                float[] n = normed.remove(site);
                System.arraycopy(take(n, x, site), 0, x.data(), 0, x.size());
                return quantize.apply(site, x);
            }
            case SOFTMAX_INPUT -> {
                Tensor q = quantize.apply(site, x);
                int bits = params.get(new QuantSite(site.scope(), SiteRole.ATTN_PROBS)).bits();
                IntTensor out = kernel.softmax(integers(q, scale(site)), bits);
                probs = real(out, out.scale());
                return q;
            }
            case ATTN_PROBS -> {
                System.arraycopy(take(probs, x, site), 0, x.data(), 0, x.size());
                probs = null;
                return x;
            }
            case GELU_INPUT -> {
                Tensor q = quantize.apply(site, x);
                IntTensor out = kernel.gelu(integers(q, scale(site)), IntegerModel.GELU_SIGMOID_BITS);
                gelu = real(out, out.scale());
                return q;
            }
            case FC2_INPUT -> {
                System.arraycopy(take(gelu, x, site), 0, x.data(), 0, x.size());
                gelu = null;
                return quantize.apply(site, x);
            }
            default -> {
                return quantize.apply(site, x);
            }
        }
    }

    /** I-LayerNorm of the quantized stream {@code q} into the grid of the site that consumes it. */
    private void layerNorm(QuantSite site, Tensor q) {
        int dim = q.dim(q.shape().length - 1);
        IntTensor ints = integers(q, scale(site));
        if (!site.scope().isEmpty()) {
            boolean first = site.role() == SiteRole.NORM_INPUT;
            QuantSite target = new QuantSite(site.scope(), first ? SiteRole.QKV_INPUT : SiteRole.FC1_INPUT);
            String norm = site.scope() + (first ? ".norm1" : ".norm2");
            normed.put(target, normalize(ints, norm, target));
            return;
        }
        int rows = q.dim(0);
        int tokens = q.size() / rows / dim;
        boolean distilled = params.containsKey(new QuantSite("head_dist", SiteRole.HEAD_INPUT));
        for (int t = 0; t < (distilled ? 2 : 1); t++) {
            int[] tok = new int[rows * dim];
            for (int b = 0; b < rows; b++) {
                System.arraycopy(ints.data(), (b * tokens + t) * dim, tok, b * dim, dim);
            }
            QuantSite target = new QuantSite(t == 0 ? "" : "head_dist", SiteRole.HEAD_INPUT);
            normed.put(target, normalize(IntTensor.of(tok, ints.scale(), rows, dim), "norm", target));
        }
    }

    private float[] normalize(IntTensor ints, String norm, QuantSite target) {
        QuantParams p = params.get(target);
        double s = scale(target);
        IntTensor y = kernel.layerNorm(ints, doubles(model.model().weight(norm + ".weight").data()),
                doubles(model.model().weight(norm + ".bias").data()), s, p.bits());
        return real(y, s);
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] take(float[] pending, Tensor x, QuantSite site) {
        if (pending == null || pending.length != x.size()) {
            throw new IllegalStateException("integer non-linearities: no matching input before " + site);
        }
        return pending;
    }

    private static IntTensor integers(Tensor q, double scale) {
        float[] d = q.data();
        int[] v = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            v[i] = (int) Math.rint(d[i] / scale);
        }
        int last = q.dim(q.shape().length - 1);
        return IntTensor.of(v, scale, d.length / last, last);
    }

    private static float[] real(IntTensor t, double scale) {
        int[] v = t.data();
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) (v[i] * scale);
        }
        return r;
    }
}
