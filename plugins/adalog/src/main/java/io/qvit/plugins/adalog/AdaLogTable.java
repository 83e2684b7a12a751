package io.qvit.plugins.adalog;

/**
 * The AdaLog code book for one bit-width and one integer q (METHODS §2.6; reference
 * {@code quantizers/logarithm.py}, {@code AdaLogQuantizer}): log base {@code 2^(q/r)} with
 * {@code r = 37}, so a value {@code x ≤ s} gets the code
 * <pre>
 *   k = clamp(round(−log2(x/s)·r/q), 0, 2^b − 1)   (x/s clamped to [1e-15, 1]; round half to even)
 *   k ≥ 2^b before the clamp  →  x̂ = 0
 * </pre>
 * and is dequantized in hardware form, a right shift and a 37-entry table:
 * <pre>
 *   x̂ = s · 2^(−⌊q·k/r⌋) · T[(q·k) mod r],   T[j] = round(2^(−j/r)·(2^(b+1) − 2)) / (2^(b+1) − 2)
 * </pre>
 * The direct form {@code s·2^(−q·k/r)} differs from it only by the rounding of T (at most
 * {@code 1/(2·(2^(b+1) − 2))} relative to the power of two). Codes run from large values (k = 0,
 * x̂ = s) to small ones; every value a code can take is listed by {@link #level(int)}.
 */
final class AdaLogTable {
    /** The fixed denominator of the log base exponent. */
    static final int R = 37;
    /** Smallest q searched. */
    static final int Q_MIN = 10;

    private final int bits;
    private final int q;
    private final int[] shift;
    private final double[] table;
    private final double[] levels;

    /** The code book of {@code bits} bits and base {@code 2^(q/37)}. */
    AdaLogTable(int bits, int q) {
        if (q <= 0) {
            throw new IllegalArgumentException("AdaLog q must be positive, got " + q);
        }
        this.bits = bits;
        this.q = q;
        int codes = 1 << bits;
        double denom = (1 << (bits + 1)) - 2;
        table = new double[R];
        for (int j = 0; j < R; j++) {
            table[j] = Math.rint(Math.pow(2, -(double) j / R) * denom) / denom;
        }
        shift = new int[codes];
        levels = new double[codes];
        for (int k = 0; k < codes; k++) {
            shift[k] = Math.floorDiv(q * k, R);
            levels[k] = Math.scalb(table[Math.floorMod(q * k, R)], -shift[k]);
        }
    }

    /** The bit-width. */
    int bits() {
        return bits;
    }

    /** The base exponent numerator q. */
    int q() {
        return q;
    }

    /** The code of {@code x} at scale {@code s}, or {@code 2^b} for "zero". */
    int code(double x, double s) {
        double ratio = Math.min(1.0, Math.max(1e-15, x / s));
        double k = Math.rint(-log2(ratio) * R / q);
        int codes = 1 << bits;
        return k >= codes ? codes : (int) Math.max(0, k);
    }

    /** The hardware dequantization {@code 2^(−⌊qk/r⌋)·T[qk mod r]} of code k (without the scale), 0 for {@code 2^b}. */
    double level(int k) {
        return k >= levels.length ? 0 : levels[k];
    }

    /** The direct dequantization {@code 2^(−qk/r)} of code k (without the scale), 0 for {@code 2^b}. */
    double direct(int k) {
        return k >= levels.length ? 0 : Math.pow(2, -(double) q * k / R);
    }

    /** The right shift of code k, {@code ⌊qk/r⌋}. */
    int shift(int k) {
        return shift[k];
    }

    /** The 37-entry table T. */
    double[] table() {
        return table.clone();
    }

    /**
     * The decision thresholds on {@code x/s}, descending: code k is chosen for
     * {@code threshold(k+1) < x/s ≤ threshold(k)} with {@code threshold(0) = +∞}; below
     * {@code threshold(2^b)} the value is zero.
     */
    double threshold(int k) {
        return k == 0 ? Double.POSITIVE_INFINITY : Math.pow(2, -(k - 0.5) * q / R);
    }

    static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }
}
