package io.qvit.conformance.quantizer;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;

/**
 * One configuration the conformance kit exercises: a site (weight or activation, which fixes the
 * per-channel axis) and a quantizer configuration with its bit-width.
 *
 * @param site the site handed to {@link io.qvit.api.quant.Quantizer#create}
 * @param config the configuration
 */
public record ConformanceCase(QuantSite site, QuantizerConfig config) {

    /** A short name for test reports, e.g. {@code blocks.0.qkv.input 4b PER_CHANNEL asym percentile-mse}. */
    public String displayName() {
        return site.id() + " " + config.bits() + "b " + config.granularity()
                + (config.granularity() == io.qvit.api.quant.Granularity.PER_HEAD ? "(" + config.heads() + ")" : "")
                + (config.symmetric() ? " sym " : " asym ") + config.init()
                + (config.options().isEmpty() ? "" : " " + config.options());
    }

    @Override
    public String toString() {
        return displayName();
    }

    /** The calibration and test tensor shape for this case: weights {@code [12, 20]}, activations
     *  {@code [2, 9, 12]}, per-head operands {@code [2, heads, 6, 8]}. */
    public int[] shape() {
        if (config.granularity() == io.qvit.api.quant.Granularity.PER_HEAD) {
            return new int[] {2, config.heads(), 6, 8};
        }
        return site.role().isWeight() ? new int[] {12, 20} : new int[] {2, 9, 12};
    }

    /** The groups of {@link #shape()}. */
    public QuantizationGroups groups() {
        return groupsOf(shape());
    }

    /** The groups of a tensor of {@code shape} at this case's site. */
    public QuantizationGroups groupsOf(int[] shape) {
        return QuantizationGroups.of(shape, site, config.granularity(), config.heads());
    }
}
