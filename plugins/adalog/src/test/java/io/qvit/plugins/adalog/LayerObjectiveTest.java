package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerObjective} against the layer output error computed by brute force: for any
 * candidate, {@code ‖Ŷ − Y‖² = const + Σ d(w·d + 2p) + (off-diagonal Gram terms)}, where the
 * constant is the error with the searched operand left in float and the off-diagonal terms are
 * {@code Σ_rows Σ_{i≠j} d_i·G_ij·d_j}. Both associations of the linear products are exercised
 * (wide and narrow layers), and both attention matmul forms.
 */
class LayerObjectiveTest {

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static float[] perturbed(Random r, float[] x, double sd) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] += (float) (r.nextGaussian() * sd);
        }
        return y;
    }

    /** {@code ‖A·Bᵀ − A0·B0ᵀ‖²} for {@code A[m×k]}, {@code B[n×k]}. */
    private static double error(float[] a, float[] b, float[] a0, float[] b0, int m, int k, int n) {
        double e = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double y = 0;
                double y0 = 0;
                for (int p = 0; p < k; p++) {
                    y += (double) a[i * k + p] * b[j * k + p];
                    y0 += (double) a0[i * k + p] * b0[j * k + p];
                }
                e += (y - y0) * (y - y0);
            }
        }
        return e;
    }

    /** {@code Σ_rows Σ_{i≠j} d_i (XᵀX)_ij d_j} for {@code d[rows×k]}, {@code X[xr×k]}. */
    private static double offDiagonal(float[] d, int rows, float[] x, int xr, int k) {
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i == j) {
                    continue;
                }
                double g = 0;
                for (int t = 0; t < xr; t++) {
                    g += (double) x[t * k + i] * x[t * k + j];
                }
                double s = 0;
                for (int t = 0; t < rows; t++) {
                    s += (double) d[t * k + i] * d[t * k + j];
                }
                total += g * s;
            }
        }
        return total;
    }

    private static double diagonalForm(LayerObjective o, float[] cand, float[] x) {
        double s = 0;
        for (int e = 0; e < x.length; e++) {
            double d = (double) cand[e] - x[e];
            s += d * (o.w()[e] * d + 2 * o.p()[e]);
        }
        return s;
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    @Test
    void linearLayerObjectivesMatchTheOutputError() {
        Random r = new Random(7);
        for (int[] dims : new int[][] {{40, 6, 9}, {40, 9, 3}, {5, 12, 20}}) {
            int t = dims[0];
            int k = dims[1];
            int n = dims[2];
            float[] a = random(r, t * k);
            float[] b = random(r, n * k);
            float[] aq = perturbed(r, a, 0.1);
            float[] bq = perturbed(r, b, 0.1);
            float[] cand = perturbed(r, a, 0.2);
            LayerObjective left = LayerObjective.linearLeft(a, b, bq, t, k, n);
            double exact = error(cand, bq, a, b, t, k, n);
            double predicted = error(a, bq, a, b, t, k, n) + diagonalForm(left, cand, a)
                    + offDiagonal(minus(cand, a), t, bq, n, k);
            assertEquals(exact, predicted, 1e-4 * exact, "left " + t + "×" + k + "×" + n);

            float[] wc = perturbed(r, b, 0.2);
            LayerObjective right = LayerObjective.linearRight(a, aq, b, t, k, n);
            exact = error(aq, wc, a, b, t, k, n);
            predicted = error(aq, b, a, b, t, k, n) + diagonalForm(right, wc, b)
                    + rankOne(right, minus(wc, b), n, k) + offDiagonal(minus(wc, b), n, centred(aq, t, k), t, k);
            assertEquals(exact, predicted, 1e-4 * exact, "right " + t + "×" + k + "×" + n);
        }
    }

    @Test
    void attentionObjectivesMatchTheOutputErrorPerSlice() {
        Random r = new Random(9);
        int slices = 3;
        int m = 7;
        int k = 4;
        int n = 5;
        for (boolean transposed : new boolean[] {true, false}) {
            float[] a = random(r, slices * m * k);
            float[] b = random(r, slices * n * k);
            float[] aq = perturbed(r, a, 0.1);
            float[] bq = perturbed(r, b, 0.1);
            float[] ca = perturbed(r, a, 0.2);
            float[] cb = perturbed(r, b, 0.2);
            LayerObjective left = LayerObjective.matmul(true, transposed, a, a, b, bq, slices, m, k, n);
            LayerObjective right = LayerObjective.matmul(false, transposed, a, aq, b, b, slices, m, k, n);
            double exactL = 0;
            double predL = diagonalForm(left, ca, a);
            double exactR = 0;
            double predR = diagonalForm(right, cb, b);
            for (int s = 0; s < slices; s++) {
                float[] as = java.util.Arrays.copyOfRange(a, s * m * k, (s + 1) * m * k);
                float[] aqs = java.util.Arrays.copyOfRange(aq, s * m * k, (s + 1) * m * k);
                float[] cas = java.util.Arrays.copyOfRange(ca, s * m * k, (s + 1) * m * k);
                float[] bs = nk(java.util.Arrays.copyOfRange(b, s * n * k, (s + 1) * n * k), transposed, k, n);
                float[] bqs = nk(java.util.Arrays.copyOfRange(bq, s * n * k, (s + 1) * n * k), transposed, k, n);
                float[] cbs = nk(java.util.Arrays.copyOfRange(cb, s * n * k, (s + 1) * n * k), transposed, k, n);
                exactL += error(cas, bqs, as, bs, m, k, n);
                predL += error(as, bqs, as, bs, m, k, n) + offDiagonal(minus(cas, as), m, bqs, n, k);
                exactR += error(aqs, cbs, as, bs, m, k, n);
                predR += error(aqs, bs, as, bs, m, k, n) + offDiagonal(minus(cbs, bs), n, aqs, m, k);
            }
            assertEquals(exactL, predL, 1e-4 * exactL, "left, transposed " + transposed);
            assertEquals(exactR, predR, 1e-4 * exactR, "right, transposed " + transposed);
        }
    }

    /** {@code λ·Σ_rows (Σ_j u_j d_j)²}. */
    private static double rankOne(LayerObjective o, float[] d, int rows, int k) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += (double) o.u()[r * k + j] * d[r * k + j];
            }
            total += o.lambda() * s * s;
        }
        return total;
    }

    /** {@code x} minus its column means. */
    private static float[] centred(float[] x, int rows, int k) {
        double[] mean = new double[k];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                mean[j] += x[i * k + j] / (double) rows;
            }
        }
        float[] c = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < k; j++) {
                c[i * k + j] = (float) (x[i * k + j] - mean[j]);
            }
        }
        return c;
    }

    /** A slice of the right operand as {@code [n×k]} ({@code probs·v}: v is {@code [k×n]}). */
    private static float[] nk(float[] b, boolean transposed, int k, int n) {
        return transposed ? b : Gemm.transpose(b, 0, k, n);
    }
}
