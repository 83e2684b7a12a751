package io.qvit.runtime;

/**
 * How a {@link CompiledModel} executes.
 *
 * @param threads worker threads for matrix products and attention (the calling thread counts as one)
 */
public record RuntimeOptions(int threads) {

    /** Validates the values. */
    public RuntimeOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
    }

    /** One thread per available processor. */
    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Runtime.getRuntime().availableProcessors());
    }
}
