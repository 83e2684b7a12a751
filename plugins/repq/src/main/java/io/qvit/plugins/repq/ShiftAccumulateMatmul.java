package io.qvit.plugins.repq;

import io.qvit.api.tensor.Tensor;
import java.util.Arrays;

/**
 * The inference form of RepQ-ViT's log√2 attention (paper §3.3): with {@code A} on a
 * {@link LogSqrt2Grid}, every product {@code A[i,k]·V[k,j]} is a shift of {@code V[k,j]}, and the
 * odd codes share one multiplication by √2:
 *
 * <pre>
 *   (A·V)[i,j] = Δ·( Σ_{k: q even} V[k,j]·2^(−q/2)  +  √2·Σ_{k: q odd} V[k,j]·2^(−(q+1)/2) )
 * </pre>
 *
 * Two shift-accumulate groups and two multiplications per output; zero codes contribute nothing.
 * Shifts are exact ({@link Math#scalb}); the groups accumulate in double, so the result equals the
 * simulated product {@code dequantize(A)·V} up to the rounding of the final sum.
 */
public final class ShiftAccumulateMatmul {
    private ShiftAccumulateMatmul() {
    }

    /**
     * {@code A·V} for {@code A} of shape {@code [..., T, S]} given as codes and {@code V} of shape
     * {@code [..., S, d]} with the same leading dimensions (e.g. attention {@code [B, H, T, T]} and
     * values {@code [B, H, T, d]}).
     *
     * @return {@code [..., T, d]}
     * @throws IllegalArgumentException naming both shapes when they do not fit
     */
    public static Tensor multiply(LogSqrt2Codes a, Tensor v) {
        int[] as = a.shape();
        int[] vs = v.shape();
        if (as.length < 2 || as.length != vs.length || as[as.length - 1] != vs[vs.length - 2]
                || !Arrays.equals(as, 0, as.length - 2, vs, 0, vs.length - 2)) {
            throw new IllegalArgumentException("log-sqrt2 shift matmul: A " + Arrays.toString(as) + " and V "
                    + Arrays.toString(vs) + " do not multiply ([..., T, S] x [..., S, d])");
        }
        int rows = as[as.length - 2];
        int inner = as[as.length - 1];
        int cols = vs[vs.length - 1];
        int batch = 1;
        for (int i = 0; i < as.length - 2; i++) {
            batch *= as[i];
        }
        int[] codes = a.codes();
        float[] vd = v.data();
        LogSqrt2Grid grid = a.grid();
        int zero = grid.zeroCode();
        double delta = grid.delta();
        double sqrt2 = LogSqrt2Grid.SQRT2;
        int[] outShape = as.clone();
        outShape[outShape.length - 1] = cols;
        float[] out = new float[batch * rows * cols];
        double[] even = new double[cols];
        double[] odd = new double[cols];
        for (int b = 0; b < batch; b++) {
            int aBase = b * rows * inner;
            int vBase = b * inner * cols;
            for (int i = 0; i < rows; i++) {
                Arrays.fill(even, 0);
                Arrays.fill(odd, 0);
                for (int k = 0; k < inner; k++) {
                    int q = codes[aBase + i * inner + k];
                    if (q == zero) {
                        continue;
                    }
                    int shift = -((q + 1) >> 1);
                    double[] acc = (q & 1) == 0 ? even : odd;
                    int row = vBase + k * cols;
                    for (int j = 0; j < cols; j++) {
                        acc[j] += Math.scalb((double) vd[row + j], shift);
                    }
                }
                int o = (b * rows + i) * cols;
                for (int j = 0; j < cols; j++) {
                    out[o + j] = (float) (delta * (even[j] + sqrt2 * odd[j]));
                }
            }
        }
        return Tensor.of(out, outShape);
    }
}
