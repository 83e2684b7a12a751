package io.qvit.runtime;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;

/**
 * Intercepts the activation at a quantization site during a forward pass: observers record it
 * (calibration), fake quantizers replace it.
 *
 * <p>The runtime calls {@link #apply} once per activation site and forward pass, in the order of
 * {@link CompiledModel#activationSites()}, with the whole batch in one tensor, and continues with
 * the tensor the hook returns. The argument wraps the runtime's workspace: the hook may modify it
 * in place and return it, or return another tensor of the same shape; it must not keep a
 * reference to it after returning (copy what you need to keep, the workspace is reused).
 * Hooks run on the thread that called {@code forward}.
 */
@FunctionalInterface
public interface ActivationHook {
    /** The hook that changes nothing. A forward pass given it runs exactly the float path. */
    ActivationHook IDENTITY = (site, x) -> x;

    /**
     * Returns the activation to continue with at {@code site}.
     *
     * @param site where in the model {@code x} was produced
     * @param x the activation; shapes are listed in {@link CompiledModel}
     * @return {@code x} itself (possibly modified) or a tensor of the same shape
     */
    Tensor apply(QuantSite site, Tensor x);
}
