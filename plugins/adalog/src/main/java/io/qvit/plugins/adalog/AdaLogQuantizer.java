package io.qvit.plugins.adalog;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code adalog} {@link Quantizer}: the adaptive-logarithm quantizer (base {@code 2^(q/37)},
 * q searched in [10, 10 + eq_n), see {@link AdaLogTable}) for non-negative, heavy-tailed
 * activations: post-softmax attention ({@code options: {scale: 1}}) and post-GELU inputs of fc2
 * ({@code options: {shift: 0.16997124254703522}}). Per tensor, asymmetric; init name
 * {@code fpcs}. Options: {@link SearchOptions} (default {@code fpcs_width} 32).
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = "adalog", citation = "Wu, Zhang, Ding, Lin, Li, Zhang: AdaLog, ECCV 2024")
public final class AdaLogQuantizer implements Quantizer {
    /** AdaLog's default FPCS width. */
    static final int DEFAULT_WIDTH = 32;

    /** Creates the factory (Declarative Services calls this; so may anyone else). */
    public AdaLogQuantizer() {
    }

    /**
     * Checks granularity, symmetry, init and options.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    @Override
    public void validate(QuantizerConfig config) {
        if (config.granularity() != Granularity.PER_TENSOR) {
            throw new IllegalArgumentException("adalog: granularity must be per-tensor, got "
                    + config.granularity().name().toLowerCase().replace('_', '-'));
        }
        FpcsUniformQuantizer.checkCommon("adalog", config);
        SearchOptions.parse(config, DEFAULT_WIDTH, true);
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        try {
            validate(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site.id() + ": " + e.getMessage(), e);
        }
        return new AdaLogTensorQuantizer(site, config, SearchOptions.parse(config, DEFAULT_WIDTH, true));
    }
}
