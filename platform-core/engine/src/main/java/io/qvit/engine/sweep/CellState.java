package io.qvit.engine.sweep;

/** What a sweep folder shows of one cell. */
public enum CellState {
    /** Its run folder holds finished results. */
    FINISHED,
    /** Its run ended with exit code 0 but left no finished results (it should not happen: a defect). */
    FINISHED_WITHOUT_RESULTS,
    /** Its run ended with a non-zero exit code; the log tail says why. */
    FAILED,
    /** Its run started (it has a log) and has not ended, or was killed. */
    STARTED,
    /** Not started. */
    PENDING
}
