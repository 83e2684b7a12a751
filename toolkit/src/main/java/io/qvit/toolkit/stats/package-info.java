/**
 * Statistics of calibration data that quantizer plugins share: quantiles with
 * {@code torch.quantile}'s float32 semantics ({@link io.qvit.toolkit.stats.TorchQuantile}) and the
 * plain float64 linear quantile ({@link io.qvit.toolkit.stats.LinearQuantile}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.toolkit.stats;
