/**
 * The {@code ivit} plugin: I-ViT's integer-only kernels (Li and Gu, "I-ViT: Integer-only
 * Quantization for Efficient Vision Transformer Inference", ICCV 2023) behind
 * {@link io.qvit.api.kernel.IntegerKernel}: dyadic requantization with 31-bit multipliers, the
 * 16-bit integer residual add, Shiftmax, ShiftGELU and I-LayerNorm, following the semantics of the
 * authors' PyTorch code (zkkli/I-ViT, {@code models/quantization_utils}) in true integer
 * arithmetic. Private to the bundle: the platform reaches it through the service.
 */
package io.qvit.plugins.ivit;
