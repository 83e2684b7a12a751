/**
 * The RepQ-ViT plugin (Li, Xiao, Liu, Zhang, Gu; ICCV 2023): three services in one bundle, private
 * to it and reached through the API interfaces only.
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.repq.LogSqrt2Quantizer} ({@code log-sqrt2}): the log√2 quantizer of
 *       the post-softmax attention map;</li>
 *   <li>{@link io.qvit.plugins.repq.LayerNormReparameterization} ({@code repq.layernorm}): the
 *       scale reparameterization that turns per-channel post-LayerNorm quantizers into per-tensor
 *       ones by folding the channel factors into the LayerNorm and the next linear layer;</li>
 *   <li>{@link io.qvit.plugins.repq.RepqPreset} ({@code repq}): the method preset.</li>
 * </ul>
 */
package io.qvit.plugins.repq;
