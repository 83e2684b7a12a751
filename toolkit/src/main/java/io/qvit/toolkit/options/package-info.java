/**
 * Typed reading of a plugin's option map (a site rule's {@code options}, a kernel's options):
 * {@link io.qvit.toolkit.options.OptionReader} checks the keys and reads numbers, integers, level
 * lists, booleans and the calibration paradigm, with errors that name the option.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.qvit.toolkit.options;
