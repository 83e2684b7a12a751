package io.qvit.plugins.uniform;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code uniform} {@link Quantizer}: b-bit (2..16) uniform grids, asymmetric
 * ({@code q = clamp(round(x/s) + z, 0, 2^b - 1)}) or symmetric
 * ({@code q = clamp(round(x/s), -2^(b-1), 2^(b-1) - 1)}), per tensor, per channel (weights: output
 * row, axis 0; activations: last axis) or per head (activations {@code [B, H, T, d]}, axis 1),
 * with the range initialisations of {@link RangeInit} ({@code minmax}, {@code percentile},
 * {@code percentile-mse}, {@code mse}) and the options of {@link UniformOptions}. Rounding is half
 * to even, as {@code torch.round}. See {@link UniformGrid} for the formulas and the rule for
 * constant channels.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = "uniform", citation = "Jacob et al., CVPR 2018 (uniform affine); ranges: Lin et al., FQ-ViT, IJCAI 2022 "
        + "(percentile, OMSE); Li et al., RepQ-ViT, ICCV 2023 (percentile-MSE)")
public final class UniformQuantizer implements Quantizer {

    /** Creates the factory (Declarative Services calls this; so may anyone else). */
    public UniformQuantizer() {
    }

    /**
     * Checks the init name, the options and that per-head granularity has a number of heads.
     *
     * @throws IllegalArgumentException naming the init or option that is wrong
     */
    @Override
    public void validate(QuantizerConfig config) {
        UniformOptions.parse(config);
    }

    /**
     * Creates the quantizer of {@code site}.
     *
     * @throws IllegalArgumentException naming the site and the option when the configuration is
     *     invalid or per-head granularity is asked of a weight site
     */
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        UniformOptions options;
        try {
            options = UniformOptions.parse(config);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site.id() + ": " + e.getMessage(), e);
        }
        if (config.granularity() == Granularity.PER_HEAD && site.role().isWeight()) {
            throw new IllegalArgumentException("site " + site.id()
                    + ": granularity per-head applies to attention operands [B, H, T, d], not to weights");
        }
        return new UniformTensorQuantizer(site, config, options);
    }
}
