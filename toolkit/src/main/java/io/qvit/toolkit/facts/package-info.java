/**
 * The facts plugins exchange, typed: the integer range and constant groups a uniform quantizer
 * records in {@link io.qvit.api.quant.QuantParams#extra()} ({@link io.qvit.toolkit.facts.GridFacts})
 * and the ids of services one plugin names in another's recipe ({@link io.qvit.toolkit.facts.PluginIds}).
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.toolkit.facts;
