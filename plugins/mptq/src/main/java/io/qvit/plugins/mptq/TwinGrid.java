package io.qvit.plugins.mptq;

/**
 * The two-region grid of {@code mptq.optm} at b bits: codes q in [−2^(b−1), 2^(b−1) − 1]; a
 * negative code means {@code q·Δ₋}, a non-negative one {@code q·Δ₊}, with Δ₊ = 2^m·Δ₋. So the
 * negative region (GELU's narrow tail down to about −0.17) gets 2^(b−1) levels of a fine step and
 * the positive region 2^(b−1) levels of a coarse one; m = 0 is a plain symmetric uniform grid.
 *
 * @param bits b
 * @param positive Δ₊
 * @param exponent m
 */
record TwinGrid(int bits, float positive, int exponent) {

    /** Δ₋ = Δ₊ / 2^m. */
    float negative() {
        return positive / (float) (1L << exponent);
    }

    /** Largest code. */
    int qmax() {
        return (1 << (bits - 1)) - 1;
    }

    /** Smallest code. */
    int qmin() {
        return -(1 << (bits - 1));
    }

    /** The value {@code x} is fake-quantized to. */
    float quantize(float x, float negative) {
        if (x < 0) {
            float q = Math.max(qmin(), (float) Math.rint(x / negative));
            return q == 0f ? 0f : q * negative; // never −0: one zero level
        }
        if (!(x >= 0)) {
            return 0f; // NaN
        }
        float q = Math.min(qmax(), (float) Math.rint(x / positive));
        return q * positive;
    }

    /** Every representable value, ascending. */
    float[] levels() {
        float n = negative();
        float[] v = new float[1 << bits];
        int k = 0;
        for (int q = qmin(); q < 0; q++) {
            v[k++] = q * n;
        }
        for (int q = 0; q <= qmax(); q++) {
            v[k++] = q * positive;
        }
        return v;
    }
}
