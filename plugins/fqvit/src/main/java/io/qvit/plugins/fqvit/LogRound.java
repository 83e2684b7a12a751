package io.qvit.plugins.fqvit;

/**
 * The Log-Int-Softmax output code of FQ-ViT ({@code QIntSoftmax.forward} with
 * {@code log_i_softmax}): for a probability p, {@code v = round(1/p)} (the authors' integer
 * {@code round(Σexp/exp)}), then {@code log_round(v) = floor(log2 v) + [v − 2^⌊log2 v⌋ ≥ 2^(⌊log2 v⌋−1)]},
 * clamped to {@code [0, 2^b − 1]}; codes that would be {@code ≥ 2^b} dequantize to 0 (the mask),
 * the others to {@code 2^−q}. {@code floor(log2 v)} is read from the float exponent, exactly.
 */
final class LogRound {
    private LogRound() {
    }

    /** The code of p: 0..2^b − 1, or −1 for the masked zero. */
    static int code(float p, int bits) {
        float v = (float) Math.rint(1f / p);
        int levels = 1 << bits;
        if (!(v > 0)) {
            return v == 0 ? 0 : -1;
        }
        if (v == Float.POSITIVE_INFINITY) {
            return -1;
        }
        int big = Math.getExponent(v);
        if (v - Math.scalb(1f, big) >= Math.scalb(1f, big - 1)) {
            big++;
        }
        return big >= levels ? -1 : Math.max(big, 0);
    }

    /** The value of a code: {@code 2^−q}, or 0 for −1. */
    static float value(int code) {
        return code < 0 ? 0f : Math.scalb(1f, -code);
    }
}
