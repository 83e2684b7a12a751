/**
 * The AdaLog plugin (Wu, Zhang, Ding, Lin, Li, Zhang; ECCV 2024; reference code GoatWu/AdaLog):
 * four services, reached through the API interfaces only.
 *
 * <ul>
 *   <li>{@link io.qvit.plugins.adalog.AdaLogQuantizer} ({@code adalog}): the adaptive-logarithm
 *       quantizer for post-softmax and post-GELU activations;</li>
 *   <li>{@link io.qvit.plugins.adalog.FpcsUniformQuantizer} ({@code adalog.uniform}): uniform
 *       quantizers searched by FPCS on the layer output error;</li>
 *   <li>{@link io.qvit.plugins.adalog.GeluBiasReparameterization} ({@code adalog.gelu-bias}): the
 *       post-GELU offset folded into fc2's bias;</li>
 *   <li>{@link io.qvit.plugins.adalog.AdaLogPreset} ({@code adalog}): the method preset.</li>
 * </ul>
 */
package io.qvit.plugins.adalog;
