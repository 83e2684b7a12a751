package io.qvit.runtime.internal;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;
import io.qvit.runtime.WeightSite;
import java.util.List;

/** An executable model family: the runtime's view of a built ViT/DeiT or Swin graph. */
public interface Graph {
    /**
     * Runs a batch {@code [B, C, H, W]} and returns the logits {@code [B, classes]} (pooled features
     * when the model has no head).
     *
     * @param hook called at every activation site, or null for the plain float path
     */
    Tensor forward(Tensor images, ActivationHook hook);

    /** Every site, activations and weights, in execution order. */
    List<QuantSite> sites();

    /** The weight sites with their tensor keys, in execution order. */
    List<WeightSite> weightSites();

    /** Floating-point operations of one image's forward pass (2 per multiply-add of every matrix product). */
    long flopsPerImage();
}
