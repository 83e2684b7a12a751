package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;

/**
 * What is done at one site: quantized by the plugin {@code quantizer} with {@code config}, or left
 * in float32 when {@code config} is null.
 *
 * @param site the site
 * @param quantizer Quantizer plugin id (null when disabled)
 * @param config the resolved configuration (null when disabled)
 */
public record SitePlan(QuantSite site, String quantizer, QuantizerConfig config) {

    /** True if the site is quantized. */
    public boolean enabled() {
        return config != null;
    }
}
