/**
 * Bit allocation: choosing a bit-width per quantization site under a budget.
 *
 * <p>1.1.0: {@code BitAllocator.withOptions} and {@code SensitivityProbe.trace} (default methods).
 * 1.2.0: {@code SensitivityProbe.divergence} (a provider type: only the platform implements it).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.qvit.api.alloc;
