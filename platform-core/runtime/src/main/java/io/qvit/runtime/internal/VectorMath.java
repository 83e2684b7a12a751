package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedMatrix.LANES;
import static io.qvit.runtime.internal.PackedMatrix.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The element-wise and row-wise operations of a transformer on the Vector API: GELU (erf form),
 * softmax, LayerNorm and the scale-and-bias step of attention logits. All operate in place or into
 * caller-provided arrays and never allocate. Vector code is written inline in each loop: a helper
 * method that takes or returns a vector and is not inlined by C2 boxes every vector.
 */
public final class VectorMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final int MAGIC_BITS = Float.floatToRawIntBits(ROUND_MAGIC);
    private static final float EXP_MIN = -87.33654f;
    private static final float INV_SQRT2 = 0.70710678118654752f;

    // Constants as static final vectors: a broadcast call per use inflates C2's node count past its inlining cutoff.
    private static final FloatVector K_0_09678418F = FloatVector.broadcast(SPECIES, 0.09678418f);
    private static final FloatVector K_0_17087277F = FloatVector.broadcast(SPECIES, 0.17087277f);
    private static final FloatVector K_0_27886807F = FloatVector.broadcast(SPECIES, 0.27886807f);
    private static final FloatVector K_0_37409196F = FloatVector.broadcast(SPECIES, 0.37409196f);
    private static final FloatVector K_0_5F = FloatVector.broadcast(SPECIES, 0.5f);
    private static final FloatVector K_1F = FloatVector.broadcast(SPECIES, 1f);
    private static final FloatVector K_1F_120F = FloatVector.broadcast(SPECIES, 1f / 120f);
    private static final FloatVector K_1F_24F = FloatVector.broadcast(SPECIES, 1f / 24f);
    private static final FloatVector K_1F_5040F = FloatVector.broadcast(SPECIES, 1f / 5040f);
    private static final FloatVector K_1F_6F = FloatVector.broadcast(SPECIES, 1f / 6f);
    private static final FloatVector K_1F_720F = FloatVector.broadcast(SPECIES, 1f / 720f);
    private static final FloatVector K_1_00002368F = FloatVector.broadcast(SPECIES, 1.00002368f);
    private static final FloatVector K_1_48851587F = FloatVector.broadcast(SPECIES, 1.48851587f);
    private static final FloatVector K_LOG2E = FloatVector.broadcast(SPECIES, LOG2E);
    private static final FloatVector K_M0_18628806F = FloatVector.broadcast(SPECIES, -0.18628806f);
    private static final FloatVector K_M0_5F = FloatVector.broadcast(SPECIES, -0.5f);
    private static final FloatVector K_M0_82215223F = FloatVector.broadcast(SPECIES, -0.82215223f);
    private static final FloatVector K_M1_13520398F = FloatVector.broadcast(SPECIES, -1.13520398f);
    private static final FloatVector K_M1_26551223F = FloatVector.broadcast(SPECIES, -1.26551223f);
    private static final FloatVector K_MLN2_HI = FloatVector.broadcast(SPECIES, -LN2_HI);
    private static final FloatVector K_MLN2_LO = FloatVector.broadcast(SPECIES, -LN2_LO);
    private static final FloatVector K_ROUND_MAGIC = FloatVector.broadcast(SPECIES, ROUND_MAGIC);

    private VectorMath() {
    }


    /** Scalar erfc for z &gt;= 0, same formula in double precision. */
    private static double erfcNonNegative(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double p = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277))))))));
        return t * StrictMath.exp(p);
    }

    /** GELU, erf form, of one value: {@code 0.5·x·(1 + erf(x/√2))}. */
    public static float gelu(float x) {
        double y = erfcNonNegative(Math.abs(x) * 0.70710678118654752);
        return (float) (x >= 0 ? x * (1 - 0.5 * y) : 0.5 * x * y);
    }

    /**
     * GELU (erf form) in place on {@code x[off, off+len)}. Every element, the trailing partial vector
     * included (through a padded copy), goes through the same vector arithmetic, so a value's result
     * does not depend on its position, the vector width or how rows were split between threads.
     */
    public static void gelu(float[] x, int off, int len) {
        int bulk = SPECIES.loopBound(len);
        geluVectors(x, off, bulk);
        if (bulk < len) {
            float[] tail = new float[LANES];
            System.arraycopy(x, off + bulk, tail, 0, len - bulk);
            geluVectors(tail, 0, LANES);
            System.arraycopy(tail, 0, x, off + bulk, len - bulk);
        }
    }

    /** GELU in place on {@code x[off, off+len)}, {@code len} a multiple of the lane count. */
    private static void geluVectors(float[] x, int off, int len) {
        for (int i = off; i < off + len; i += LANES) {
            // Everything inline: a helper taking a FloatVector that C2 does not inline boxes its vectors.
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            FloatVector z = v.abs().mul(INV_SQRT2);
            // erfc(z), z >= 0: Numerical Recipes' erfcc, fractional error below 1.2e-7 for every z.
            FloatVector t = K_1F.div(z.fma(K_0_5F, K_1F));
            FloatVector p = t.fma(K_0_17087277F, K_M0_82215223F);
            p = p.fma(t, K_1_48851587F);
            p = p.fma(t, K_M1_13520398F);
            p = p.fma(t, K_0_27886807F);
            p = p.fma(t, K_M0_18628806F);
            p = p.fma(t, K_0_09678418F);
            p = p.fma(t, K_0_37409196F);
            p = p.fma(t, K_1_00002368F);
            p = p.fma(t, K_M1_26551223F);
            FloatVector e = z.mul(z).neg().add(p);
            // e^e by range reduction (see softmaxRows)
            e = e.max(EXP_MIN);
            FloatVector r2 = e.fma(K_LOG2E, K_ROUND_MAGIC);
            FloatVector n = r2.sub(ROUND_MAGIC);
            FloatVector r = n.fma(K_MLN2_HI, e);
            r = n.fma(K_MLN2_LO, r);
            FloatVector q = r.fma(K_1F_5040F, K_1F_720F);
            q = q.fma(r, K_1F_120F);
            q = q.fma(r, K_1F_24F);
            q = q.fma(r, K_1F_6F);
            q = q.fma(r, K_0_5F);
            q = q.fma(r, K_1F);
            q = q.fma(r, K_1F);
            FloatVector y = t.mul(q.mul(r2.reinterpretAsInts().sub(MAGIC_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()));
            FloatVector pos = v.mul(y.fma(K_M0_5F, K_1F));
            FloatVector neg = v.mul(y).mul(0.5f);
            pos.blend(neg, v.compare(VectorOperators.LT, 0f)).intoArray(x, i);
        }
    }

    /**
     * Softmax in place over each of {@code rows} rows of {@code cols} values starting at {@code off}.
     * The exponentials are element-wise (the trailing partial vector through a padded copy) and the
     * row sum is a {@link FixedOrderSum}: the result does not depend on the vector width.
     */
    public static void softmaxRows(float[] s, int off, int rows, int cols) {
        int vEnd = SPECIES.loopBound(cols);
        float[] tail = new float[LANES];
        float[] lanes = new float[FixedOrderSum.WIDTH];
        for (int row = 0; row < rows; row++) {
            int base = off + row * cols;
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
            expVectors(s, base, vEnd, max);
            if (vEnd < cols) {
                System.arraycopy(s, base + vEnd, tail, 0, cols - vEnd);
                expVectors(tail, 0, LANES, max);
                System.arraycopy(tail, 0, s, base + vEnd, cols - vEnd);
            }
            float inv = (float) (1.0 / FixedOrderSum.sum(s, base, cols, lanes));
            for (j = 0; j < vEnd; j += LANES) {
                FloatVector.fromArray(SPECIES, s, base + j).mul(inv).intoArray(s, base + j);
            }
            for (j = vEnd; j < cols; j++) {
                s[base + j] *= inv;
            }
        }
    }

    /** {@code s[i] = e^(s[i] − max)} in place on {@code [off, off+len)}, {@code len} a multiple of the lanes. */
    private static void expVectors(float[] s, int off, int len, float max) {
        for (int j = off; j < off + len; j += LANES) {
            // e^x: x = n·ln2 + r with |r| <= ln2/2, degree-7 Taylor polynomial for e^r (relative
            // truncation error below 6e-9), 2^n built in the exponent bits: t = 1.5·2^23 + n
            // exactly, so bits(t) - bits(1.5·2^23) = n. Inputs below -87.3 give ~1e-38.
            FloatVector x = FloatVector.fromArray(SPECIES, s, j).sub(max).max(EXP_MIN);
            FloatVector t = x.fma(K_LOG2E, K_ROUND_MAGIC);
            FloatVector n = t.sub(ROUND_MAGIC);
            FloatVector r = n.fma(K_MLN2_HI, x);
            r = n.fma(K_MLN2_LO, r);
            FloatVector p = r.fma(K_1F_5040F, K_1F_720F);
            p = p.fma(r, K_1F_120F);
            p = p.fma(r, K_1F_24F);
            p = p.fma(r, K_1F_6F);
            p = p.fma(r, K_0_5F);
            p = p.fma(r, K_1F);
            p = p.fma(r, K_1F);
            p.mul(t.reinterpretAsInts().sub(MAGIC_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()).intoArray(s, j);
        }
    }

    /**
     * LayerNorm of {@code rows} rows of width {@code n}: row {@code r} is read at
     * {@code src[srcOff + r*n]} and written at {@code dst[dstOff + r*n]} (may alias the source).
     * Mean and variance are {@link FixedOrderSum}s; the trailing elements use the same float
     * operations as the vector lanes ({@code fma((x − mean)·rstd, γ, β)}).
     */
    public static void layerNorm(float[] src, int srcOff, float[] dst, int dstOff, int rows, int n,
            float[] gamma, float[] beta, double eps) {
        int vEnd = SPECIES.loopBound(n);
        float[] lanes = new float[FixedOrderSum.WIDTH];
        for (int r = 0; r < rows; r++) {
            int s0 = srcOff + r * n;
            int d0 = dstOff + r * n;
            float mean = (float) (FixedOrderSum.sum(src, s0, n, lanes) / n);
            double sq = FixedOrderSum.sumOfSquares(src, s0, n, mean, lanes);
            float rstd = (float) (1.0 / Math.sqrt(sq / n + eps));
            int j = 0;
            for (; j < vEnd; j += LANES) {
                FloatVector x = FloatVector.fromArray(SPECIES, src, s0 + j).sub(mean).mul(rstd);
                x.fma(FloatVector.fromArray(SPECIES, gamma, j), FloatVector.fromArray(SPECIES, beta, j))
                        .intoArray(dst, d0 + j);
            }
            for (; j < n; j++) {
                dst[d0 + j] = Math.fma((src[s0 + j] - mean) * rstd, gamma[j], beta[j]);
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
