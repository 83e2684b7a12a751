package io.qvit.api.quant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of quantizer (uniform, log√2, AdaLog, TanQ, twin-scale, ...), published as a service by
 * a plugin and named in experiment files by its {@link io.qvit.api.QvitPlugin} id. It creates one
 * {@link TensorQuantizer} per site.
 */
@ConsumerType
public interface Quantizer {

    /**
     * Checks a configuration before any work starts.
     *
     * @throws IllegalArgumentException naming the offending option when the configuration is not
     *     supported by this quantizer (for example a granularity it does not implement)
     */
    default void validate(QuantizerConfig config) {
    }

    /** Creates the quantizer for {@code site}. */
    TensorQuantizer create(QuantSite site, QuantizerConfig config);
}
