package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;

/**
 * A control for comparing two implementations of one quantized model: before every activation site's
 * quantizer, each value moves by at most one unit in the last place (up, down or not at all, chosen by
 * a fixed hash of the site and the element's index), as another, equally exact float implementation of
 * the operations before the site (another summation order, another {@code exp}) would move it.
 *
 * <p>Only values within about one ulp of a rounding boundary of the site's grid change code; each such
 * flip moves one element by a whole quantization step and changes the inputs of the following sites.
 * The top-1 agreement of a model with its jittered self is therefore the agreement that any two
 * float implementations of it can be expected to reach; a deployed model (ONNX Runtime) that reaches
 * it differs from qvit's simulation by rounding order only. Deterministic and machine-independent
 * ({@link Math#nextUp}, {@link Math#nextDown}).
 */
public final class UlpJitter implements ActivationHook {
    private final ActivationHook inner;
    private final long seed;

    /** Jitters the input of {@code inner} (a model's fake-quantization hook) with the hash seed {@code seed}. */
    public UlpJitter(ActivationHook inner, long seed) {
        this.inner = inner;
        this.seed = seed;
    }

    @Override
    public Tensor apply(QuantSite site, Tensor x) {
        float[] v = x.data();
        long h0 = mix(seed ^ site.id().hashCode());
        for (int i = 0; i < v.length; i++) {
            long h = mix(h0 + i);
            int r = (int) Long.remainderUnsigned(h, 3);
            if (r == 1) {
                v[i] = Math.nextUp(v[i]);
            } else if (r == 2) {
                v[i] = Math.nextDown(v[i]);
            }
        }
        return inner.apply(site, x);
    }

    /** SplitMix64's finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
