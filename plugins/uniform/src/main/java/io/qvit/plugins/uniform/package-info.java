/**
 * The {@code uniform} quantizer plugin: uniform affine (asymmetric, with zero point) and symmetric
 * b-bit grids, 2 to 16 bits, per tensor, per channel or per attention head, with the range
 * initialisations of the ViT post-training quantization baselines ({@code minmax},
 * {@code percentile} and {@code mse} from FQ-ViT, {@code percentile-mse} from RepQ-ViT). Private
 * to the bundle: the platform reaches it through the {@link io.qvit.api.quant.Quantizer} service
 * {@link io.qvit.plugins.uniform.UniformQuantizer}.
 */
package io.qvit.plugins.uniform;
