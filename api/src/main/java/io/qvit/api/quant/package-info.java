/**
 * Quantization: the site vocabulary shared by every method, and the {@link io.qvit.api.quant.Quantizer}
 * service whose instances observe calibration tensors, fit their parameters and fake-quantize.
 */
@org.osgi.annotation.versioning.Version("1.3.0")
package io.qvit.api.quant;
