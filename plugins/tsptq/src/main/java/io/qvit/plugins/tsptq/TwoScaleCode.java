package io.qvit.plugins.tsptq;

/**
 * The V-2SF encoding of one tensor: a {@code b}-bit code whose most significant bit selects the
 * region and whose {@code b−1} low bits are an unsigned payload {@code q ∈ [0, Q]},
 * {@code Q = 2^(b−1) − 1}:
 * <ul>
 *   <li>fine region (flag 0): {@code (q − z)·Δ}, the dense small values (z is 0 for a
 *       non-negative tensor such as post-softmax, and moves the fine grid down to hold the small
 *       negative post-GELU values);</li>
 *   <li>coarse region (flag 1): {@code q·2^m·Δ}, the large values.</li>
 * </ul>
 * In units of Δ the two are the integers {@code q − z} and {@code q << m}, so hardware aligns the
 * regions with a shift before the MAC. A value is encoded by the nearer of the two regions' grid
 * points (on ties the fine one, unless the value lies beyond the fine region), so every representable value encodes to a code that decodes to
 * it exactly.
 *
 * @param bits b, 2..16
 * @param fine Δ, positive and finite
 * @param zeroPoint z of the fine region, in [0, Q]
 * @param ratioLog2 m ≥ 0: the coarse scale is {@code 2^m·Δ}
 */
record TwoScaleCode(int bits, float fine, int zeroPoint, int ratioLog2) {

    /** Checks the values. */
    TwoScaleCode {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("bits must be in 2..16, got " + bits);
        }
        if (!(fine > 0) || !Float.isFinite(fine)) {
            throw new IllegalArgumentException("fine scale must be positive and finite, got " + fine);
        }
        if (zeroPoint < 0 || zeroPoint > (1 << (bits - 1)) - 1) {
            throw new IllegalArgumentException("zero point out of range: " + zeroPoint);
        }
        if (ratioLog2 < 0 || ratioLog2 > 30) {
            throw new IllegalArgumentException("ratio exponent m must be in 0..30, got " + ratioLog2);
        }
    }

    /** Q, the largest payload. */
    int payloadMax() {
        return (1 << (bits - 1)) - 1;
    }

    /** The region flag (the code's most significant bit). */
    int flag() {
        return 1 << (bits - 1);
    }

    /** {@code 2^m·Δ}. */
    float coarse() {
        return Math.scalb(fine, ratioLog2);
    }

    /** The code of {@code x}. */
    int encode(float x) {
        int qf = clamp(Math.rint(x / fine) + zeroPoint);
        int qc = clamp(Math.rint(x / coarse()));
        float ef = Math.abs(x - decodeFine(qf));
        float ec = Math.abs(x - decodeCoarse(qc));
        boolean coarse = ec < ef || (ec == ef && x > decodeFine(payloadMax()));
        return coarse ? flag() | qc : qf;
    }

    /** The value of {@code code}. */
    float decode(int code) {
        int q = code & payloadMax();
        return (code & flag()) != 0 ? decodeCoarse(q) : decodeFine(q);
    }

    /** The value of {@code code} as an integer in units of Δ: {@code q − z} or {@code q << m}. */
    long integer(int code) {
        int q = code & payloadMax();
        return (code & flag()) != 0 ? (long) q << ratioLog2 : q - zeroPoint;
    }

    /** {@code decode(encode(x))}. */
    float fakeQuantize(float x) {
        return decode(encode(x));
    }

    private float decodeFine(int q) {
        return (float) (q - zeroPoint) * fine;
    }

    private float decodeCoarse(int q) {
        return (float) q * coarse();
    }

    private int clamp(double r) {
        return r <= 0 || Double.isNaN(r) ? 0 : r >= payloadMax() ? payloadMax() : (int) r;
    }
}
