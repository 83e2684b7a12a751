/**
 * Fixtures that tests build themselves: {@link io.qvit.testsupport.MicroVit} writes a random-weight
 * micro ViT checkpoint, {@link io.qvit.testsupport.TestImages} a labelled folder of random images,
 * and {@link io.qvit.testsupport.SharedData} is the one place that locates {@code ../shared} and
 * skips a test, with a message, where it is absent.
 */
package io.qvit.testsupport;
