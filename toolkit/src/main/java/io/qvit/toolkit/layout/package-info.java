/**
 * Where a timm checkpoint keeps the tensors around a quantization site:
 * {@link io.qvit.toolkit.layout.NormLinearPair}, a LayerNorm and the linear layer reading it.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.qvit.toolkit.layout;
