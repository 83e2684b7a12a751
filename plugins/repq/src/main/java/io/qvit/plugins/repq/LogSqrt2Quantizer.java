package io.qvit.plugins.repq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.toolkit.facts.PluginIds;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code log-sqrt2} {@link Quantizer}: RepQ-ViT's log√2 quantizer for post-softmax attention
 * ({@code attn.probs}), per tensor, b bits: {@code q = clamp(round(−2·log2(x/Δ)), 0, 2^b − 1)},
 * values below the grid (and zeros) become 0, {@code x̂ = Δ·2^(−q/2)}; Δ is chosen among
 * quantiles of the calibration values by MSE. See {@link LogSqrt2Grid} for the arithmetic,
 * {@link LogSqrt2TensorQuantizer} for fitting and parameters, {@link LogSqrt2Options} for the
 * configuration and {@link ShiftAccumulateMatmul} for the shift-based attention product.
 */
@Component(service = Quantizer.class)
@QvitPlugin(id = PluginIds.LOG_SQRT2, citation = "Li, Xiao, Liu, Zhang, Gu: RepQ-ViT, ICCV 2023")
public final class LogSqrt2Quantizer implements Quantizer {

    /** Creates the factory (Declarative Services calls this; so may anyone else). */
    public LogSqrt2Quantizer() {
    }

    /**
     * Checks granularity (per-tensor), symmetric (false), init and options.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    @Override
    public void validate(QuantizerConfig config) {
        LogSqrt2Options.parse(config);
    }

    /**
     * Creates the quantizer of {@code site}.
     *
     * @throws IllegalArgumentException naming the site and what is wrong with the configuration
     */
    @Override
    public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
        try {
            return new LogSqrt2TensorQuantizer(site, config, LogSqrt2Options.parse(config));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site " + site.id() + ": " + e.getMessage(), e);
        }
    }
}
