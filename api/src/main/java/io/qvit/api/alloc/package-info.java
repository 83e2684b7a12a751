/** Bit allocation: choosing a bit-width per quantization site under a budget. */
@org.osgi.annotation.versioning.Version("0.1.0")
package io.qvit.api.alloc;
