package io.qvit.api.reparam;

/** When in the pipeline a {@link Reparameterization} runs. */
public enum ReparameterizationPhase {
    /** On the float model, before any statistics are collected. */
    BEFORE_CALIBRATION,
    /** After a first calibration pass, using the fitted quantizers; a re-calibration pass follows. */
    AFTER_CALIBRATION
}
