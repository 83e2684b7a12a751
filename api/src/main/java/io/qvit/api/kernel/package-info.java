/**
 * Integer-only kernels for the integer inference path: dyadic requantization, integer residual
 * add and integer approximations of softmax, GELU and LayerNorm.
 *
 * <p>2.0.0: {@link io.qvit.api.kernel.IntegerKernel} was reshaped to what I-ViT's integer path
 * needs (input scales taken from the tensors, a dyadic conversion, per-channel requantization, a
 * 16-bit residual add, GELU's sigmoid precision, LayerNorm with gamma and beta) — incompatible
 * for implementers, hence the major version. 2.1.0: {@code IntegerKernel.withOptions} (a default
 * method) for kernel options chosen in the experiment file.
 */
@org.osgi.annotation.versioning.Version("2.1.0")
package io.qvit.api.kernel;
