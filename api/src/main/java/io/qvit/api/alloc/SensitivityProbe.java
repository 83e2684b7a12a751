package io.qvit.api.alloc;

import io.qvit.api.quant.QuantSite;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Lets a {@link BitAllocator} ask the platform what a bit assignment costs. */
@ProviderType
public interface SensitivityProbe {

    /** The sites to assign, in execution order. */
    List<QuantSite> sites();

    /** Number of values quantized at {@code site} (weights: element count; activations: per image). */
    long elements(QuantSite site);

    /**
     * The loss of the model with the given bit-widths (sites not in the map keep the default), on
     * the calibration set; lower is better. Typically KL divergence or output MSE against float32.
     */
    double loss(Map<QuantSite, Integer> bits);

    /**
     * Records one step of the allocator's search (what it tried, chose and why), in order; the
     * platform writes the steps to {@code results.json} as the allocation's trace. Values are
     * strings, numbers, booleans or lists and maps of them.
     *
     * @since 1.1
     */
    default void trace(Map<String, Object> step) {
    }
}
