package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;

/** The integer path's two roundings: dyadic rescaling (half to even) and saturation to a bit-width. */
public final class FixedPoint {
    private FixedPoint() {
    }

    /** {@code round(a · m / 2^e)}, half to even, as the integer path's requantization. */
    public static long rescale(long a, Dyadic f) {
        long v = a * f.multiplier();
        int shift = f.shift();
        if (shift == 0) {
            return v;
        }
        long q = v >> shift;
        long rem = v - (q << shift);
        long half = 1L << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    /** {@code v} saturated to the signed range of {@code bits} bits. */
    public static int clamp(long v, int bits) {
        long hi = (1L << (bits - 1)) - 1;
        long lo = -(1L << (bits - 1));
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
