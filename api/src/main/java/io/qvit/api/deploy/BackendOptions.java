package io.qvit.api.deploy;

import java.util.Map;

/**
 * How a backend should run an artifact.
 *
 * @param threads compute threads (the experiment's {@code runtime.threads}); at least 1
 * @param options backend-specific options (unmodifiable; may be empty)
 */
public record BackendOptions(int threads, Map<String, Object> options) {

    /** Validates and copies. */
    public BackendOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        options = Map.copyOf(options);
    }
}
