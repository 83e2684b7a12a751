package io.qvit.api.kernel;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Integer-only implementations of the operations a fully integer ViT needs besides matrix
 * products. No floating point inside: scales enter only as {@link Dyadic} factors computed at
 * conversion time, and results carry their output scale.
 */
@ConsumerType
public interface IntegerKernel {

    /** Multiplies every value by {@code factor}, rounds, and clamps to signed {@code bits}. */
    IntTensor requantize(IntTensor x, Dyadic factor, double outputScale, int bits);

    /** Softmax over the last axis; output has {@code outputBits} unsigned bits. */
    IntTensor softmax(IntTensor x, int outputBits);

    /** GELU, element-wise; output has {@code outputBits} signed bits. */
    IntTensor gelu(IntTensor x, int outputBits);

    /** LayerNorm over the last axis without the affine part (the caller folds gamma and beta). */
    IntTensor layerNorm(IntTensor x);
}
