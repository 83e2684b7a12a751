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
 * A fake-quantization hook that also replaces the float softmax and GELU by an
 * {@link IntegerKernel}'s integer approximations (Shiftmax, ShiftGELU) on the quantized
 * integers, the way I-ViT's own training graph simulates its integer model. With it the float
 * simulation differs from the {@link IntegerModel} only in LayerNorm (float vs I-LayerNorm) and
 * in rounding (dyadic factors, integer biases, requantizations rounded where the simulation
 * keeps real values).
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
    private float[] probs;
    private float[] gelu;

    /**
     * Wraps {@code quantize} (the fake-quant hook whose fitted parameters are {@code params}).
     *
     * @throws IllegalArgumentException if a block lacks a per-tensor {@code softmax.input},
     *     {@code attn.probs} or {@code gelu.input} quantizer
     */
    public IntegerNonlinearities(ActivationHook quantize, Map<QuantSite, QuantParams> params, IntegerKernel kernel,
                                 CompiledModel model) {
        this.quantize = Objects.requireNonNull(quantize, "quantize");
        this.params = Map.copyOf(params);
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        for (QuantSite s : model.activationSites()) {
            if (s.role() == SiteRole.SOFTMAX_INPUT || s.role() == SiteRole.ATTN_PROBS || s.role() == SiteRole.GELU_INPUT) {
                scale(s);
            }
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
        switch (site.role()) {
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
