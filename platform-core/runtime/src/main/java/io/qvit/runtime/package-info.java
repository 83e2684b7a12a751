/**
 * The float32 model runtime: {@link io.qvit.runtime.CompiledModel} builds an executable ViT, DeiT
 * or Swin graph from a {@link io.qvit.api.model.VisionModel} and runs batched forward passes on a
 * Vector API matrix kernel, with {@link io.qvit.runtime.ActivationHook}s at every quantization
 * site. {@link io.qvit.runtime.Throughput} measures images per second. Implementation details
 * live in {@code io.qvit.runtime.internal}.
 */
package io.qvit.runtime;
