package io.qvit.engine.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Wall-clock seconds per named stage of a run, in the order the stages ran, plus the total. */
final class Timings {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final long start = System.nanoTime();

    /** A stage that returns a value and may throw. */
    interface Stage<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs {@code stage} and records its duration under {@code name}. */
    <T, E extends Exception> T time(String name, Stage<T, E> stage) throws E {
        long t0 = System.nanoTime();
        try {
            return stage.run();
        } finally {
            seconds.merge(name, (System.nanoTime() - t0) / 1e9, Double::sum);
        }
    }

    /** Records a duration measured elsewhere. */
    void put(String name, double s) {
        seconds.put(name, s);
    }

    /** The stages and {@code total} (since construction). */
    Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>(seconds);
        m.put("total", (System.nanoTime() - start) / 1e9);
        return m;
    }
}
