package io.qvit.plugins.uniform;

/**
 * A b-bit uniform grid and its arithmetic, in float32 exactly as the PyTorch references compute it
 * (each operation rounded to float32, {@code round} half to even):
 *
 * <ul>
 *   <li>asymmetric: codes {@code [0, 2^b - 1]}, {@code s = (max - min) / (2^b - 1)},
 *       {@code z = round(-min / s)} (not clamped, as RepQ-ViT: a range that excludes 0 gets a zero
 *       point outside the codes), {@code q = clamp(round(x / s) + z, 0, 2^b - 1)},
 *       {@code x̂ = (q - z)·s};</li>
 *   <li>symmetric: codes {@code [-2^(b-1), 2^(b-1) - 1]}, {@code z = 0},
 *       {@code s = max(|min|, |max|) / d} with {@code d} from {@link SymmetricScale},
 *       {@code q = clamp(round(x / s), -2^(b-1), 2^(b-1) - 1)}, {@code x̂ = q·s}.</li>
 * </ul>
 *
 * <p><b>Degenerate ranges.</b> A range whose scale would be zero, subnormal or infinite (a
 * constant channel, an all-zero tensor, near-constant data) gets the grid of step
 * {@code m = max(|min|, |max|)} ({@code 1} if that is 0): asymmetric {@code s = m},
 * {@code z = round(-min(min, 0) / m)}, so a constant {@code c > 0} is code 1 with {@code z = 0}, a
 * constant {@code c < 0} is code 0 with {@code z = 1}, and 0 is code {@code z}; symmetric constant
 * ranges get {@code s = |c|} (code ±1). In every case {@code x / s = ±1} or 0 exactly, so the
 * constant is reproduced bit for bit, and no scale is ever 0, NaN or infinite.
 */
final class UniformGrid {
    private final int bits;
    private final boolean symmetric;
    private final float qmin;
    private final float qmax;
    private final float divisor;

    UniformGrid(int bits, boolean symmetric, SymmetricScale symmetricScale) {
        this.bits = bits;
        this.symmetric = symmetric;
        if (symmetric) {
            qmin = (float) -Math.pow(2, bits - 1);
            qmax = (float) (Math.pow(2, bits - 1) - 1);
            divisor = symmetricScale.divisor(bits);
        } else {
            qmin = 0;
            qmax = (float) (Math.pow(2, bits) - 1);
            divisor = qmax;
        }
    }

    int bits() {
        return bits;
    }

    boolean symmetric() {
        return symmetric;
    }

    /** Smallest code. */
    int qmin() {
        return (int) qmin;
    }

    /** Largest code. */
    int qmax() {
        return (int) qmax;
    }

    /**
     * Scale and zero point of the range {@code [lo, hi]}, written to {@code scale[g]} and {@code zero[g]}.
     *
     * @return true if the range was degenerate and got the fallback grid described above
     */
    boolean fit(float lo, float hi, float[] scale, float[] zero, int g) {
        if (symmetric) {
            float a = Math.max(Math.abs(lo), Math.abs(hi));
            float s = lo == hi ? a : a / divisor;
            boolean degenerate = lo == hi;
            if (!(s >= Float.MIN_NORMAL) || Float.isInfinite(s)) {
                s = a > 0 && !Float.isInfinite(a) ? a : 1f;
                degenerate = true;
            }
            scale[g] = s;
            zero[g] = 0f;
            return degenerate;
        }
        float s = (hi - lo) / divisor;
        if (Float.isInfinite(s)) {
            s = (float) (((double) hi - lo) / divisor);
        }
        if (s >= Float.MIN_NORMAL && !Float.isInfinite(s)) {
            scale[g] = s;
            zero[g] = (float) Math.rint(-lo / s) + 0f;  // + 0f: no -0.0 zero points
            return false;
        }
        float m = Math.max(Math.abs(lo), Math.abs(hi));
        if (!(m > 0) || Float.isInfinite(m)) {
            m = 1f;
        }
        scale[g] = m;
        zero[g] = (float) Math.rint(-Math.min(lo, 0f) / m) + 0f;
        return true;
    }

    /** Fake-quantizes one value. */
    float fakeQuantize(float x, float s, float z) {
        float q = (float) Math.rint(x / s) + z;
        q = q < qmin ? qmin : q;
        q = q > qmax ? qmax : q;
        return (q - z) * s;
    }

    /** Fake-quantizes {@code in[from, to)} into {@code out} with one scale and zero point. */
    void quantizeRun(float[] in, float[] out, int from, int to, float s, float z) {
        final float lo = qmin;
        final float hi = qmax;
        for (int i = from; i < to; i++) {
            float q = (float) Math.rint(in[i] / s) + z;
            q = q < lo ? lo : q;
            q = q > hi ? hi : q;
            out[i] = (q - z) * s;
        }
    }

    /**
     * Fake-quantizes {@code rows} consecutive rows of {@code s.length} values, value {@code c} of
     * each row with {@code s[c]} and {@code z[c]} (per-channel activations).
     */
    void quantizeRows(float[] in, float[] out, int rows, float[] s, float[] z) {
        final float lo = qmin;
        final float hi = qmax;
        final int channels = s.length;
        for (int r = 0, base = 0; r < rows; r++, base += channels) {
            for (int c = 0; c < channels; c++) {
                float q = (float) Math.rint(in[base + c] / s[c]) + z[c];
                q = q < lo ? lo : q;
                q = q > hi ? hi : q;
                out[base + c] = (q - z[c]) * s[c];
            }
        }
    }

    /** Sum of squared errors of fake-quantizing {@code v[from, to)}, in double. */
    double squaredError(float[] v, int from, int to, float s, float z) {
        final float lo = qmin;
        final float hi = qmax;
        double sum = 0;
        for (int i = from; i < to; i++) {
            float x = v[i];
            float q = (float) Math.rint(x / s) + z;
            q = q < lo ? lo : q;
            q = q > hi ? hi : q;
            double d = x - (q - z) * s;
            sum += d * d;
        }
        return sum;
    }
}
