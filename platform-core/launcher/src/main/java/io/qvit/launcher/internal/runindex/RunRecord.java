package io.qvit.launcher.internal.runindex;

import java.util.List;

/**
 * What the runs index keeps of one finished run folder: one row of the {@code runs} table and its
 * per-set results.
 *
 * @param path the folder relative to the index's root ({@code /}-separated)
 * @param experiment the experiment's name
 * @param configHash the SHA-256 config hash
 * @param status the run's status ({@code finished})
 * @param arch the model architecture, or null (a repeat's summary)
 * @param method the method preset ({@code repq}, ...), the default quantizer, or {@code fp32}
 * @param wbits weight bits, or null
 * @param abits activation bits, or null
 * @param seed the seed, or null
 * @param repeat whether the folder is a repeat's summary over seeds (its accuracies are means)
 * @param calibSeconds seconds spent calibrating, or null
 * @param totalSeconds seconds the whole run took, or null
 * @param finished when {@code results.json} was written (ISO-8601, UTC)
 * @param commit the qvit commit of the run's provenance, or null
 * @param version the qvit version of the run's provenance, or null
 * @param sets the per-set results
 */
public record RunRecord(String path, String experiment, String configHash, String status, String arch, String method,
                        Integer wbits, Integer abits, Long seed, boolean repeat, Double calibSeconds, Double totalSeconds,
                        String finished, String commit, String version, List<SetResult> sets) {
    /** A record whose sets list cannot change. */
    public RunRecord {
        sets = List.copyOf(sets);
    }
}
