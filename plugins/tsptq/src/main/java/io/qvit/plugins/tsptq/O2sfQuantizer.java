package io.qvit.plugins.tsptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * {@code tsptq.o2sf}: TSPTQ-ViT's outlier-aware two-scaled scaling factors ([I] reconstruction)
 * for LayerNorm inputs ({@code norm.input}, {@code residual}): channels whose calibration range
 * exceeds a threshold times the median range get the scale {@code 2^m·Δ}, the others the shared Δ,
 * one zero point for all; options in {@link TsptqOptions}; see {@link O2sfTensorQuantizer}.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = O2sfQuantizer.ID, citation = "Tai, Lin, Wu: TSPTQ-ViT, ICASSP 2023 (reconstruction)")
public final class O2sfQuantizer implements Quantizer {
    /** The plugin id. */
    public static final String ID = "tsptq.o2sf";

    /** Creates the quantizer service (Declarative Services calls this; so may anyone else). */
    public O2sfQuantizer() {
    }

    @Override
    public void validate(QuantizerConfig config) {
        TsptqOptions.o2sf(config);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        if (site.role().isWeight()) {
            throw new IllegalArgumentException("site " + site.id() + ": tsptq.o2sf quantizes activations "
                    + "(channels last), not weights");
        }
        return new O2sfTensorQuantizer(site, config, TsptqOptions.o2sf(config));
    }
}
