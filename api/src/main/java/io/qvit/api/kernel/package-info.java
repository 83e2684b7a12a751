/**
 * Integer-only kernels for the integer inference path: dyadic requantization and integer
 * approximations of softmax, GELU and LayerNorm.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api.kernel;
