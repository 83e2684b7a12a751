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
}
