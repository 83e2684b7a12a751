/**
 * The quantizer conformance kit: {@link io.qvit.conformance.quantizer.QuantizerConformanceTest}, an
 * abstract JUnit 5 test that every {@link io.qvit.api.quant.Quantizer} plugin (qvit's own and third
 * parties') subclasses in its test sources, in the manner of NNCF's template tests.
 */
package io.qvit.conformance.quantizer;
