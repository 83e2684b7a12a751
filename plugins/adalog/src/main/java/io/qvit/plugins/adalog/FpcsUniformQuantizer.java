package io.qvit.plugins.adalog;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code adalog.uniform} {@link Quantizer}: AdaLog's asymmetric uniform quantizer, per tensor,
 * per channel or per head, fitted by FPCS, first on the plain MSE and then on the output error of
 * the layer that consumes it ({@link FpcsUniformTensorQuantizer}). Init name {@code fpcs}; options
 * {@link SearchOptions} (default {@code fpcs_width} 16).
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = "adalog.uniform", citation = "Wu, Zhang, Ding, Lin, Li, Zhang: AdaLog, ECCV 2024 (FPCS)")
public final class FpcsUniformQuantizer implements Quantizer {
    /** The uniform quantizer's default FPCS width. */
    static final int DEFAULT_WIDTH = 16;
    /** The only init. */
    static final String INIT = "fpcs";

    /** Creates the factory (Declarative Services calls this; so may anyone else). */
    public FpcsUniformQuantizer() {
    }

    /**
     * Checks symmetry, init and options.
     *
     * @throws IllegalArgumentException naming the option that is wrong
     */
    @Override
    public void validate(QuantizerConfig config) {
        checkCommon("adalog.uniform", config);
        SearchOptions.parse(config, DEFAULT_WIDTH, false);
    }

    static void checkCommon(String id, QuantizerConfig config) {
        if (config.symmetric()) {
            throw new IllegalArgumentException(id + ": symmetric: true is not supported (AdaLog's grids are asymmetric)");
        }
        if (!INIT.equals(config.init())) {
            throw new IllegalArgumentException(id + ": init must be '" + INIT + "', got '" + config.init() + "'");
        }
    }

    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        try {
            validate(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site.id() + ": " + e.getMessage(), e);
        }
        if (config.granularity() == Granularity.PER_HEAD && site.role().isWeight()) {
            throw new IllegalArgumentException("site " + site.id()
                    + ": granularity per-head applies to attention operands [B, H, T, d], not to weights");
        }
        return new FpcsUniformTensorQuantizer(site, config, SearchOptions.parse(config, DEFAULT_WIDTH, false));
    }
}
