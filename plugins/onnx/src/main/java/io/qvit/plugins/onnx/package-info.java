/** The {@code onnx} exporter plugin: ONNX QDQ and float32 graphs of calibrated ViT/DeiT models. */
package io.qvit.plugins.onnx;
