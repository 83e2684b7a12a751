/**
 * Deployment stage of a run: the calibrated model handed to a {@link io.qvit.api.deploy.ModelExporter},
 * the exported artifacts evaluated with an {@link io.qvit.api.deploy.InferenceBackend} next to
 * float32 and the fake-quant simulation.
 */
package io.qvit.engine.deploy;
