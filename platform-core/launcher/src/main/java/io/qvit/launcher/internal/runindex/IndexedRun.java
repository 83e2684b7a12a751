package io.qvit.launcher.internal.runindex;

/**
 * One line of {@code qvit runs list}: an indexed run with one of its evaluation sets.
 *
 * @param run the run's row (its {@code sets} hold only {@code set})
 * @param set the set, or null for a run without evaluation sets
 */
public record IndexedRun(RunRecord run, SetResult set) {
}
