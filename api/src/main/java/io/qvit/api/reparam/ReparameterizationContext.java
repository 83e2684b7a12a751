package io.qvit.api.reparam;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform lets a {@link Reparameterization} see and change besides the weights. */
@ProviderType
public interface ReparameterizationContext {

    /** Every quantization site of the model, in execution order. */
    List<QuantSite> sites();

    /** The quantizer at {@code site}, if that site is quantized. */
    Optional<TensorQuantizer> quantizer(QuantSite site);

    /** Replaces the quantizer at {@code site} (e.g. per-channel by the equivalent per-tensor one). */
    void replaceQuantizer(QuantSite site, TensorQuantizer quantizer);

    /** Marks the weight quantizer at {@code site} for re-fitting on the rewritten weights. */
    void refit(QuantSite site);

    /**
     * The rule a per-channel to per-tensor folding should use to pick its layer-wise step and zero
     * point, when the caller asks for one (a reparameterization composing another one); empty (the
     * platform's contexts) means the reparameterization's own rule.
     *
     * @since 1.1
     */
    default Optional<LayerScaleRule> layerScaleRule() {
        return Optional.empty();
    }
}
