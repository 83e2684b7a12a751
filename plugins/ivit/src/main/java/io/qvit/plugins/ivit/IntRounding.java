package io.qvit.plugins.ivit;

/**
 * Integer rounding and clamping: the integer equivalents of the reference's
 * {@code torch.round(v / 2^e)} (round half to even) and {@code torch.clamp}.
 */
public final class IntRounding {
    private IntRounding() {
    }

    /**
     * {@code v / 2^shift} rounded half to even, exactly, for any {@code long v} and
     * {@code shift} in 0..62.
     */
    public static long roundShift(long v, int shift) {
        if (shift == 0) {
            return v;
        }
        long q = v >> shift; // floor
        long rem = v - (q << shift); // 0 <= rem < 2^shift
        long half = 1L << (shift - 1);
        if (rem > half || (rem == half && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    /** {@code num / den} rounded half to even, for {@code den > 0}. */
    public static long roundDiv(long num, long den) {
        long q = Math.floorDiv(num, den);
        long twiceRem = 2 * (num - q * den);
        if (twiceRem > den || (twiceRem == den && (q & 1) != 0)) {
            q++;
        }
        return q;
    }

    /** Smallest value of a signed {@code bits}-bit integer (bits 2..32). */
    public static long minSigned(int bits) {
        return -(1L << (bits - 1));
    }

    /** Largest value of a signed {@code bits}-bit integer (bits 2..32). */
    public static long maxSigned(int bits) {
        return (1L << (bits - 1)) - 1;
    }

    /** Clamps {@code v} to signed {@code bits} (2..32) and narrows it to an {@code int}. */
    public static int clampSigned(long v, int bits) {
        long lo = minSigned(bits);
        long hi = maxSigned(bits);
        return (int) (v < lo ? lo : (v > hi ? hi : v));
    }

    /** Checks an output width. */
    public static void checkBits(int bits, int max) {
        if (bits < 2 || bits > max) {
            throw new IllegalArgumentException("bits must be in 2.." + max + ": " + bits);
        }
    }
}
