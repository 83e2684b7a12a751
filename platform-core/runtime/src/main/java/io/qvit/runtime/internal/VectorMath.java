package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedMatrix.LANES;
import static io.qvit.runtime.internal.PackedMatrix.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise and row-wise operations of a transformer on the Vector API: exp, GELU (erf
 * form), softmax, LayerNorm and the scale-and-bias step of attention logits. All operate in place
 * or into caller-provided arrays and never allocate.
 */
public final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float EXP_MIN = -87.33654f;
    private static final float EXP_MAX = 88.0f;
    private static final float INV_SQRT2 = 0.70710678118654752f;

    private VectorMath() {
    }

    private static FloatVector k(float v) {
        return FloatVector.broadcast(SPECIES, v);
    }

    /**
     * e^x per lane: range reduction x = n·ln2 + r with |r| &lt;= ln2/2, a degree-7 Taylor polynomial
     * for e^r (relative truncation error below 6e-9) and 2^n built in the exponent bits. Inputs are
     * clamped to [-87.3, 88]: below, the result is about 1e-38 instead of a subnormal.
     */
    public static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(k(LOG2E), k(ROUND_MAGIC));
        FloatVector n = t.sub(ROUND_MAGIC);
        FloatVector r = n.fma(k(-LN2_HI), x);
        r = n.fma(k(-LN2_LO), r);
        FloatVector p = r.fma(k(1f / 5040f), k(1f / 720f));
        p = p.fma(r, k(1f / 120f));
        p = p.fma(r, k(1f / 24f));
        p = p.fma(r, k(1f / 6f));
        p = p.fma(r, k(0.5f));
        p = p.fma(r, k(1f));
        p = p.fma(r, k(1f));
        FloatVector scale = n.convert(VectorOperators.F2I, 0).reinterpretAsInts()
                .add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale);
    }

    /** Scalar e^x (double precision), clamped like {@link #exp(FloatVector)}. */
    public static float exp(float x) {
        return (float) Math.exp(Math.max(EXP_MIN, Math.min(EXP_MAX, x)));
    }

    /**
     * erfc(z) for z &gt;= 0 as a Chebyshev-fitted exponential (Numerical Recipes' erfcc, fractional
     * error below 1.2e-7 for every z).
     */
    private static FloatVector erfcNonNegative(FloatVector z) {
        FloatVector t = z.fma(k(0.5f), k(1f));
        t = FloatVector.broadcast(SPECIES, 1f).div(t);
        FloatVector p = t.fma(k(0.17087277f), k(-0.82215223f));
        p = p.fma(t, k(1.48851587f));
        p = p.fma(t, k(-1.13520398f));
        p = p.fma(t, k(0.27886807f));
        p = p.fma(t, k(-0.18628806f));
        p = p.fma(t, k(0.09678418f));
        p = p.fma(t, k(0.37409196f));
        p = p.fma(t, k(1.00002368f));
        p = p.fma(t, k(-1.26551223f));
        p = z.mul(z).neg().add(p);
        return t.mul(exp(p));
    }

    /** Scalar erfc for z &gt;= 0, same formula in double precision. */
    private static double erfcNonNegative(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double p = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        return t * Math.exp(p);
    }

    /** GELU, erf form, of one value: {@code 0.5·x·(1 + erf(x/√2))}. */
    public static float gelu(float x) {
        double y = erfcNonNegative(Math.abs(x) * 0.70710678118654752);
        return (float) (x >= 0 ? x * (1 - 0.5 * y) : 0.5 * x * y);
    }

    /** GELU (erf form) in place on {@code x[off, off+len)}. */
    public static void gelu(float[] x, int off, int len) {
        int i = off;
        int end = off + len;
        int vEnd = off + SPECIES.loopBound(len);
        for (; i < vEnd; i += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            FloatVector y = erfcNonNegative(v.abs().mul(INV_SQRT2));
            FloatVector pos = v.mul(y.fma(k(-0.5f), k(1f)));
            FloatVector neg = v.mul(y).mul(0.5f);
            pos.blend(neg, v.compare(VectorOperators.LT, 0f)).intoArray(x, i);
        }
        for (; i < end; i++) {
            x[i] = gelu(x[i]);
        }
    }

    /** Softmax in place over each of {@code rows} rows of {@code cols} values starting at {@code off}. */
    public static void softmaxRows(float[] s, int off, int rows, int cols) {
        int vEnd = SPECIES.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int base = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            int j = 0;
            if (vEnd > 0) {
                FloatVector m = FloatVector.fromArray(SPECIES, s, base);
                for (j = LANES; j < vEnd; j += LANES) {
                    m = m.max(FloatVector.fromArray(SPECIES, s, base + j));
                }
                max = m.reduceLanes(VectorOperators.MAX);
            }
            for (j = vEnd; j < cols; j++) {
                max = Math.max(max, s[base + j]);
            }
            FloatVector sumV = FloatVector.zero(SPECIES);
            for (j = 0; j < vEnd; j += LANES) {
                FloatVector e = exp(FloatVector.fromArray(SPECIES, s, base + j).sub(max));
                e.intoArray(s, base + j);
                sumV = sumV.add(e);
            }
            float sum = sumV.reduceLanes(VectorOperators.ADD);
            for (j = vEnd; j < cols; j++) {
                float e = exp(s[base + j] - max);
                s[base + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (j = 0; j < vEnd; j += LANES) {
                FloatVector.fromArray(SPECIES, s, base + j).mul(inv).intoArray(s, base + j);
            }
            for (j = vEnd; j < cols; j++) {
                s[base + j] *= inv;
            }
        }
    }

    /**
     * LayerNorm of {@code rows} rows of width {@code n}: row {@code r} is read at
     * {@code src[srcOff + r*n]} and written at {@code dst[dstOff + r*n]} (may alias the source).
     */
    public static void layerNorm(float[] src, int srcOff, float[] dst, int dstOff, int rows, int n,
            float[] gamma, float[] beta, double eps) {
        int vEnd = SPECIES.loopBound(n);
        for (int r = 0; r < rows; r++) {
            int s0 = srcOff + r * n;
            int d0 = dstOff + r * n;
            FloatVector acc = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < vEnd; j += LANES) {
                acc = acc.add(FloatVector.fromArray(SPECIES, src, s0 + j));
            }
            double sum = acc.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                sum += src[s0 + j];
            }
            float mean = (float) (sum / n);
            acc = FloatVector.zero(SPECIES);
            for (j = 0; j < vEnd; j += LANES) {
                FloatVector d = FloatVector.fromArray(SPECIES, src, s0 + j).sub(mean);
                acc = d.fma(d, acc);
            }
            double sq = acc.reduceLanes(VectorOperators.ADD);
            for (; j < n; j++) {
                double d = src[s0 + j] - mean;
                sq += d * d;
            }
            float rstd = (float) (1.0 / Math.sqrt(sq / n + eps));
            for (j = 0; j < vEnd; j += LANES) {
                FloatVector x = FloatVector.fromArray(SPECIES, src, s0 + j).sub(mean).mul(rstd);
                x.fma(FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j))
                        .intoArray(dst, d0 + j);
            }
            for (; j < n; j++) {
                dst[d0 + j] = (src[s0 + j] - mean) * rstd * gamma[j] + beta[j];
            }
        }
    }

    /**
     * Attention-logit epilogue in place over an {@code n x n} block: {@code s = s·scale + bias + mask},
     * where {@code bias} and {@code mask} ({@code n x n} at their offsets) may be null.
     */
    public static void scaleAdd(float[] s, int off, int count, float scale, float[] bias, int biasOff,
            float[] mask, int maskOff) {
        int vEnd = SPECIES.loopBound(count);
        int j = 0;
        for (; j < vEnd; j += LANES) {
            FloatVector v = FloatVector.fromArray(SPECIES, s, off + j).mul(scale);
            if (bias != null) {
                v = v.add(FloatVector.fromArray(SPECIES, bias, biasOff + j));
            }
            if (mask != null) {
                v = v.add(FloatVector.fromArray(SPECIES, mask, maskOff + j));
            }
            v.intoArray(s, off + j);
        }
        for (; j < count; j++) {
            float v = s[off + j] * scale;
            if (bias != null) {
                v += bias[biasOff + j];
            }
            if (mask != null) {
                v += mask[maskOff + j];
            }
            s[off + j] = v;
        }
    }
}
