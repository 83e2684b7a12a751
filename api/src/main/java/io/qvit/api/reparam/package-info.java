/**
 * Model transforms that rewrite weights around calibration without changing the float32 function
 * (RepQ's LayerNorm reparameterization, SmoothQuant-with-bias, AdaLog's post-GELU bias folding).
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.qvit.api.reparam;
