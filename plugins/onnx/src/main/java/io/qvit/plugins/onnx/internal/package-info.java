/** The ONNX graph builder, the ViT/DeiT graph and the per-site QDQ forms (not an API). */
package io.qvit.plugins.onnx.internal;
