package io.qvit.plugins.dopq;

import java.util.Arrays;

/**
 * The level table of the TanQ quantizer for one group: {@code 2^b} values in {@code [0, s]},
 * dense near 0 <em>and</em> near {@code s} ([I] reconstruction, see {@code docs/methods/dopq.md}).
 *
 * <p>With {@code N = 2^b − 1}, the two end angles {@code a, e ∈ [0, π/2)} and {@code θ = a + e},
 * the companding map of {@code t = x/s ∈ [0, 1]} and its inverse are
 * <pre>
 *   u(t) = (tan(θ·t − a) + tan a) / (tan a + tan e)          (u(0) = 0, u(1) = 1)
 *   t(u) = (atan(u·(tan a + tan e) − tan a) + a) / θ
 * </pre>
 * The level density {@code du/dt ∝ sec²(θt − a)} is {@code sec² a} times its minimum at
 * {@code t = 0} and {@code sec² e} times at {@code t = 1}: {@code a} sets the density near 0,
 * {@code e} near 1; {@code a = e = 0} is the uniform grid, {@code a = e} the symmetric form
 * {@code 1/2 + tan(θ(t − 1/2))/(2 tan(θ/2))}.
 *
 * <p>Level {@code q} is {@code T[q] = s·round(2^F·t(q/N))/2^F} (the table's fixed point:
 * {@code F} = {@code table_bits}; {@code F = 0} keeps {@code t(q/N)} in float32), with
 * {@code T[0] = 0} and {@code T[N] = s} exactly. Quantizing picks the nearest level (ties to the
 * lower one): the code is the number of midpoints {@code (T[q] + T[q+1])/2} below {@code x}, so a
 * level maps to itself; negative values and NaN give code 0, values above {@code s} code N.
 * Dequantizing is the table lookup {@code T[q]}: for {@code s = 1} the entries are integers over
 * {@code 2^F}, so {@code probs·v} is an integer product with {@code F}-bit table entries.
 * Maths in {@link StrictMath}, so tables are the same on every machine.
 */
final class TanGrid {
    private final float scale;
    private final double a;
    private final double e;
    private final float[] levels;
    private final double[] midpoints;

    /**
     * Builds the table.
     *
     * @param bits bit-width b (2..16)
     * @param a the angle at 0, in [0, π/2)
     * @param e the angle at 1, in [0, π/2)
     * @param scale s, finite and positive
     * @param tableBits F: 0 (float levels) or 1..24
     */
    TanGrid(int bits, double a, double e, float scale, int tableBits) {
        if (!(a >= 0 && a < StrictMath.PI / 2) || !(e >= 0 && e < StrictMath.PI / 2)) {
            throw new IllegalArgumentException("tanq angles must be in [0, pi/2), got a = " + a + ", e = " + e);
        }
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("tanq scale must be finite and positive, got " + scale);
        }
        this.scale = scale;
        this.a = a;
        this.e = e;
        int n = (1 << bits) - 1;
        levels = new float[n + 1];
        for (int q = 0; q <= n; q++) {
            double t = q == 0 ? 0 : q == n ? 1 : unit(q / (double) n, a, e);
            if (tableBits > 0) {
                double f = StrictMath.scalb(1.0, tableBits);
                t = StrictMath.rint(t * f) / f;
            }
            levels[q] = q == n ? scale : (float) (t * scale);
        }
        midpoints = new double[n];
        for (int q = 0; q < n; q++) {
            midpoints[q] = ((double) levels[q] + levels[q + 1]) / 2;
        }
    }

    /** {@code t(u)}: the inverse companding map on [0, 1] (uniform when a = e = 0). */
    static double unit(double u, double a, double e) {
        double theta = a + e;
        if (theta == 0) {
            return u;
        }
        double ta = StrictMath.tan(a);
        double te = StrictMath.tan(e);
        double t = (StrictMath.atan(u * (ta + te) - ta) + a) / theta;
        return t < 0 ? 0 : t > 1 ? 1 : t;
    }

    /** {@code u(t)}: the companding map on [0, 1]. */
    static double compand(double t, double a, double e) {
        double theta = a + e;
        if (theta == 0) {
            return t;
        }
        double ta = StrictMath.tan(a);
        return (StrictMath.tan(theta * t - a) + ta) / (ta + StrictMath.tan(e));
    }

    /** The code of {@code x}: the nearest level's index (ties to the lower level). */
    int code(float x) {
        if (!(x > 0)) {
            return 0;
        }
        int lo = 0;
        int hi = midpoints.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x > midpoints[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The dequantized value of {@code code}: the table entry. */
    float level(int code) {
        return levels[code];
    }

    /** {@code level(code(x))}. */
    float fakeQuantize(float x) {
        return levels[code(x)];
    }

    /** The {@code 2^b} levels, ascending (a copy). */
    float[] levels() {
        return levels.clone();
    }

    /** The angle at 0. */
    double a() {
        return a;
    }

    /** The angle at 1. */
    double e() {
        return e;
    }

    /** The scale s (the largest level). */
    float scale() {
        return scale;
    }

    @Override
    public String toString() {
        return "TanGrid[a = " + a + ", e = " + e + ", s = " + scale + ", levels " + Arrays.toString(levels) + "]";
    }
}
