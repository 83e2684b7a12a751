package io.qvit.engine.quant;

import java.nio.charset.StandardCharsets;

/**
 * Derives the seed of one part of a run (a layer, a data sample) from the experiment's {@code seed}
 * and a name: SplitMix64 over the seed mixed with the name's bytes, so that parts draw
 * independently, the same seed always draws the same, and nothing depends on hash-code details of
 * the JDK.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The seed for {@code name} under the experiment seed {@code seed}. */
    public static long derive(long seed, String name) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
