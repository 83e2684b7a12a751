package io.qvit.plugins.tsptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * {@code tsptq.v2sf}: TSPTQ-ViT's value-aware two-scaled scaling factors ([I] reconstruction,
 * {@link TwoScaleCode}) for post-softmax ({@code attn.probs}) and post-GELU ({@code fc2.input})
 * values, per tensor, with m, Δ and z fitted on the squared error of the calibration values;
 * options in {@link TsptqOptions}.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = V2sfQuantizer.ID, citation = "Tai, Lin, Wu: TSPTQ-ViT, ICASSP 2023 (reconstruction)")
public final class V2sfQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "tsptq.v2sf";

    /** Creates the quantizer service (Declarative Services calls this; so may anyone else). */
    public V2sfQuantizer() {
    }

    @Override
    public void validate(QuantizerConfig config) {
        TsptqOptions.v2sf(config);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        return new V2sfTensorQuantizer(site, config, TsptqOptions.v2sf(config));
    }
}
