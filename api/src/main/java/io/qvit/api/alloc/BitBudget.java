package io.qvit.api.alloc;

import java.util.List;

/**
 * The constraint a {@link BitAllocator} must meet.
 *
 * @param averageBits the target mean bit-width over the sites, weighted by element count; 0 if unused
 * @param maxModelBytes the largest allowed weight size in bytes; 0 if unused
 * @param candidateBits the bit-widths a site may get, ascending
 */
public record BitBudget(double averageBits, long maxModelBytes, List<Integer> candidateBits) {

    /** Validates the values. */
    public BitBudget {
        candidateBits = List.copyOf(candidateBits);
        if (candidateBits.isEmpty()) {
            throw new IllegalArgumentException("a bit budget needs at least one candidate bit-width");
        }
        if (averageBits <= 0 && maxModelBytes <= 0) {
            throw new IllegalArgumentException("a bit budget needs average_bits or max_model_bytes");
        }
    }
}
