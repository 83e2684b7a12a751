package io.qvit.api.quant;

/** How many scale/zero-point pairs a quantizer keeps for one tensor. */
public enum Granularity {
    /** One pair for the whole tensor ("layer-wise"). */
    PER_TENSOR,
    /** One pair per channel: output row for weights, last (embedding) dimension for activations. */
    PER_CHANNEL,
    /** One pair per attention head (attention matmul operands). */
    PER_HEAD
}
