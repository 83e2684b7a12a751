/**
 * The TSPTQ-ViT plugin (Tai, Lin, Wu; ICASSP 2023, arXiv 2305.12901), a documented reconstruction
 * (the encodings are not public; see {@code docs/methods/tsptq.md}):
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.tsptq.V2sfQuantizer} ({@code tsptq.v2sf}): value-aware two-scaled
 *       scaling factors for post-softmax and post-GELU values ({@link io.qvit.plugins.tsptq.TwoScaleCode});</li>
 *   <li>{@link io.qvit.plugins.tsptq.O2sfQuantizer} ({@code tsptq.o2sf}): outlier-aware two-scaled
 *       scaling factors for LayerNorm inputs, one flag bit per channel;</li>
 *   <li>{@link io.qvit.plugins.tsptq.TsptqPreset} ({@code tsptq}): the fully-quantized method preset.</li>
 * </ul>
 */
package io.qvit.plugins.tsptq;
