/**
 * Executing a {@code quantization.bit_allocator}: per-width calibrations, the sensitivity probe an
 * allocator queries, and the re-planned sites the run then calibrates.
 */
package io.qvit.engine.alloc;
