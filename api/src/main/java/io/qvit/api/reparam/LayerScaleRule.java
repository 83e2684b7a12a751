package io.qvit.api.reparam;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a reparameterization that turns per-channel activation quantizers into one per-tensor
 * quantizer (RepQ-ViT's LayerNorm folding) picks the layer-wise step and zero point from the
 * channels' values: RepQ-ViT takes their means, DopQ-ViT a robust statistic (median, MAD-filtered
 * mean). A caller hands a rule to such a reparameterization through
 * {@link ReparameterizationContext#layerScaleRule()}.
 */
@ConsumerType
public interface LayerScaleRule {

    /**
     * The layer-wise pair.
     *
     * @param scales the per-channel steps of the regular channels (the reparameterization leaves
     *     degenerate channels out), finite and positive, at least one; not modified
     * @param zeroPoints their zero points, same length; not modified
     */
    LayerScale choose(float[] scales, float[] zeroPoints);

    /** A short name for reports and exported parameters, e.g. {@code median}. */
    String name();
}
