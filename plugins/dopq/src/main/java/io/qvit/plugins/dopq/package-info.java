/**
 * The DopQ-ViT plugin (Yang, Gong, Lin, Wu, Sun, Gu; arXiv 2408.03291), a documented
 * reconstruction (the paper's equations are not public; see {@code docs/methods/dopq.md}):
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.dopq.TanQuantizer} ({@code tanq}): the tangent quantizer of the
 *       post-softmax attention map, levels dense near 0 and near 1;</li>
 *   <li>{@link io.qvit.plugins.dopq.Mosf} ({@code dopq.mosf}), {@link io.qvit.plugins.dopq.MosfMedian},
 *       {@link io.qvit.plugins.dopq.MosfMad}: RepQ-ViT's LayerNorm folding with a robust
 *       layer-wise scale (median, MAD outlier rule), composed with {@code repq.layernorm};</li>
 *   <li>{@link io.qvit.plugins.dopq.DopqPreset} ({@code dopq}): the method preset.</li>
 * </ul>
 */
package io.qvit.plugins.dopq;
