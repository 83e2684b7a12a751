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
     * The divergence of the model with {@code bits} from the model with {@code reference} (each
     * composed as in {@link #loss}) on the same images; 0 when the two agree. Unlike a difference of
     * two {@link #loss} values it does not carry the error both models share with float32, whose
     * cross term makes such differences noisy, even negative, when a change is small.
     *
     * @since 1.2
     */
    double divergence(Map<QuantSite, Integer> bits, Map<QuantSite, Integer> reference);

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
