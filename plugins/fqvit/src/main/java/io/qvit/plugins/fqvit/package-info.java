/**
 * The FQ-ViT plugin (Lin, Zhang, Sun, Chu, Zhou; IJCAI 2022; code megvii-research/FQ-ViT), the
 * fully-quantized baseline of TSPTQ-ViT (see {@code docs/methods/fqvit.md}):
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.fqvit.PtfQuantizer} ({@code fqvit.ptf}): Power-of-Two Factor
 *       quantization of the LayerNorm inputs;</li>
 *   <li>{@link io.qvit.plugins.fqvit.LisQuantizer} ({@code fqvit.lis}): the Log-Int-Softmax output,
 *       log2-quantized attention probabilities;</li>
 *   <li>{@link io.qvit.plugins.fqvit.FqvitPreset} ({@code fqvit}, W/A/4) and
 *       {@link io.qvit.plugins.fqvit.FqvitPtfPreset} ({@code fqvit-ptf}, W/A/A): the presets.</li>
 * </ul>
 */
package io.qvit.plugins.fqvit;
