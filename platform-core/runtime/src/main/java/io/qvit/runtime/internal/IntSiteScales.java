package io.qvit.runtime.internal;

import io.qvit.api.quant.QuantSite;

/**
 * Where the integer graph reads the calibrated quantization of each site: a symmetric per-tensor
 * scale and bit-width for activations, symmetric per-channel (or per-tensor) scales for weights.
 * Implementations throw {@link IllegalArgumentException} naming the site when it is not quantized
 * that way.
 */
public interface IntSiteScales {

    /** The activation quantization at {@code site}. */
    Activation activation(QuantSite site);

    /** The weight scales at {@code site} (one per output channel, or one) and their bit-width. */
    Weight weight(QuantSite site);

    /**
     * A symmetric per-tensor activation grid: value {@code q} stands for {@code q·scale},
     * {@code q} in {@code [-2^(bits-1), 2^(bits-1) - 1]}.
     *
     * @param scale the step
     * @param bits the width
     */
    record Activation(double scale, int bits) {
        /** The largest |integer| on the grid. */
        public long maxAbs() {
            return 1L << (bits - 1);
        }
    }

    /**
     * Symmetric weight scales.
     *
     * @param scales one per output channel, or one
     * @param bits the width
     */
    record Weight(double[] scales, int bits) {
    }
}
