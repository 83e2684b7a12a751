package io.qvit.plugins.dopq;

import io.qvit.api.tensor.Tensor;
import java.util.List;

/**
 * The layer objective of {@code tanq}: for one group (a head, or every head for a per-tensor
 * quantizer) and each candidate level table, the squared error of the attention output
 * {@code Σ_rows ‖Q(P)_row·V̂ − P_row·V‖²}, where {@code P} is the float attention map
 * {@code [B, H, T, T]}, {@code V} the float values {@code [B, H, T, d]} and {@code V̂} their
 * quantized form (the other operand's quantizer; {@code V} when it is not quantized). The rows
 * are {@code rows} query rows per head, evenly spaced over the {@code B·T} rows of that head
 * (no randomness). Sums are sequential, in a fixed order: the result is the same on every machine.
 */
final class TanLayerSearch {

    private TanLayerSearch() {
    }

    /**
     * The error of each candidate.
     *
     * @param probs the float attention map [B, H, T, T]
     * @param v the float values [B, H, T, d]
     * @param vq the quantized values, same shape as {@code v}
     * @param heads the heads of this group
     * @param rows query rows per head
     * @param candidates the level tables
     * @return one error per candidate, in order
     */
    static double[] errors(Tensor probs, Tensor v, Tensor vq, int[] heads, int rows, List<TanGrid> candidates) {
        int b = probs.dim(0);
        int h = probs.dim(1);
        int t = probs.dim(2);
        int d = v.dim(3);
        float[] p = probs.data();
        float[] vf = v.data();
        float[] vh = vq.data();
        int total = b * t;
        int taken = Math.min(rows, total);
        double[] err = new double[candidates.size()];
        double[] target = new double[d];
        float[] acc = new float[d];
        for (int head : heads) {
            for (int k = 0; k < taken; k++) {
                int r = (int) ((long) k * total / taken);
                int batch = r / t;
                int i = r % t;
                int pRow = ((batch * h + head) * t + i) * t;
                int vBase = (batch * h + head) * t * d;
                java.util.Arrays.fill(target, 0);
                for (int j = 0; j < t; j++) {
                    double w = p[pRow + j];
                    if (w != 0) {
                        int vr = vBase + j * d;
                        for (int c = 0; c < d; c++) {
                            target[c] += w * vf[vr + c];
                        }
                    }
                }
                for (int ci = 0; ci < err.length; ci++) {
                    TanGrid g = candidates.get(ci);
                    java.util.Arrays.fill(acc, 0f);
                    for (int j = 0; j < t; j++) {
                        float w = g.fakeQuantize(p[pRow + j]);
                        if (w != 0f) {
                            int vr = vBase + j * d;
                            for (int c = 0; c < d; c++) {
                                acc[c] += w * vh[vr + c];
                            }
                        }
                    }
                    double e = 0;
                    for (int c = 0; c < d; c++) {
                        double diff = acc[c] - target[c];
                        e += diff * diff;
                    }
                    err[ci] += e;
                }
            }
        }
        return err;
    }

    /** The index of the smallest value (the first on ties; NaN never wins). */
    static int argmin(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[best] || Double.isNaN(values[best])) {
                best = i;
            }
        }
        return best;
    }
}
