/**
 * The MPTQ-ViT plugin (Tai and Wu, arXiv 2401.14895), a reconstruction from the abstract and
 * summaries (see {@code docs/methods/mptq.md}): four services reached through the API only.
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.mptq.SmoothQuantBias} ({@code mptq.sqb}): SmoothQuant with a bias term
 *       folded into the LayerNorm and the next linear layer;</li>
 *   <li>{@link io.qvit.plugins.mptq.OptmQuantizer} ({@code mptq.optm}): the two-region post-GELU
 *       quantizer with a per-layer searched power-of-two scale ratio;</li>
 *   <li>{@link io.qvit.plugins.mptq.GreedyMpAllocator} ({@code greedy-mp}): greedy mixed precision;</li>
 *   <li>{@link io.qvit.plugins.mptq.MptqPreset} ({@code mptq}): the single-precision preset.</li>
 * </ul>
 */
package io.qvit.plugins.mptq;
