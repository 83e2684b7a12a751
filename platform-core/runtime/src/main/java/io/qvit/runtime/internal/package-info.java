/**
 * Implementation of the runtime: packed matrices and the Vector API kernel, vector math, the
 * worker pool, the ViT and Swin graphs and weight validation. Not an API: may change at any time.
 */
package io.qvit.runtime.internal;
