package io.qvit.api.quant;

import io.qvit.api.tensor.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One quantizer at one site, created by a {@link Quantizer}. Its life: the calibration engine
 * calls {@link #observe} for each calibration tensor at the site, then {@link #fit} once; after
 * that {@link #quantize} is called on every tensor that passes the site.
 *
 * <p>Implementations must not produce NaN or infinity for constant channels or all-zero tensors.
 */
@ConsumerType
public interface TensorQuantizer {

    /** Which tensors calibration should hand to {@link #observe}. */
    default CalibrationParadigm paradigm() {
        return CalibrationParadigm.PARALLEL;
    }

    /**
     * How many raw calibration tensors the quantizer keeps (for searches over the data); 0 means it
     * keeps streaming statistics only. The engine uses this to bound memory.
     */
    default int rawSamples() {
        return 0;
    }

    /**
     * Takes one calibration tensor. Must not modify it and must not keep a reference to it after
     * returning: the platform reuses the tensor's storage, so copy whatever is kept.
     */
    void observe(Tensor tensor);

    /** Fits the parameters from what was observed. */
    void fit();

    /** True once {@link #fit} has run. */
    boolean fitted();

    /**
     * Fake-quantizes: returns a tensor of the same shape whose values lie on the quantization grid
     * (quantize then dequantize). Must not modify {@code tensor}.
     *
     * @throws IllegalStateException if called before {@link #fit}
     */
    Tensor quantize(Tensor tensor);

    /** The fitted parameters. */
    QuantParams params();
}
