/** Bit allocation: choosing a bit-width per quantization site under a budget. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.api.alloc;
