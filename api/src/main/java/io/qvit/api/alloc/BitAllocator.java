package io.qvit.api.alloc;

import io.qvit.api.quant.QuantSite;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Chooses a bit-width per quantization site under a {@link BitBudget} (uniform, greedy mixed precision, ...). */
@ConsumerType
public interface BitAllocator {

    /**
     * Assigns bits.
     *
     * @return a bit-width for every site of {@code probe.sites()}, each one of the budget's candidates
     */
    Map<QuantSite, Integer> allocate(SensitivityProbe probe, BitBudget budget);

    /**
     * This allocator configured with the experiment's {@code bit_allocator.options}; the default
     * refuses any option, as an allocator that knows none.
     *
     * @throws IllegalArgumentException naming an unknown option or a bad value
     * @since 1.1
     */
    default BitAllocator withOptions(Map<String, Object> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + new java.util.TreeSet<>(options.keySet())
                    + ": this bit allocator takes no options");
        }
        return this;
    }
}
