package io.qvit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Accuracy of the vectorised non-linearities against double-precision references. */
class VectorMathTest {

    /** erf by its Maclaurin series in double precision (accurate to ~1e-9 for |x| &lt;= 4.5). */
    private static double erf(double x) {
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= -x * x / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void geluMatchesTheErfFormToFloatPrecision() {
        int n = 12001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -6f + 12f * i / (n - 1);
        }
        float[] y = x.clone();
        VectorMath.gelu(y, 0, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double ref = 0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2)));
            double err = Math.abs(y[i] - ref) / Math.max(1, Math.abs(ref));
            worst = Math.max(worst, err);
            assertEquals(ref, VectorMath.gelu(x[i]), 1e-6 * Math.max(1, Math.abs(ref)));
        }
        assertTrue(worst < 1e-6, "worst relative GELU error " + worst);
    }

    @Test
    void elementWiseResultsDoNotDependOnPosition() {
        // The trailing partial vector runs through the same arithmetic as whole vectors: a value gives
        // the same bits at any offset, so row splits between threads and the vector width cannot matter.
        Random r = new Random(4);
        float[] x = new float[67];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
        }
        float[] whole = x.clone();
        VectorMath.gelu(whole, 0, whole.length);
        for (int off = 0; off < x.length; off += 7) {
            float[] part = x.clone();
            VectorMath.gelu(part, off, Math.min(5, x.length - off));
            for (int i = off; i < Math.min(off + 5, x.length); i++) {
                assertEquals(whole[i], part[i], 0f, "gelu at " + i + " from offset " + off);
            }
        }
        float[] row = new float[37];
        float[] shifted = new float[40];
        for (int i = 0; i < row.length; i++) {
            row[i] = (float) (r.nextGaussian() * 4);
            shifted[i + 3] = row[i];
        }
        VectorMath.softmaxRows(row, 0, 1, row.length);
        VectorMath.softmaxRows(shifted, 3, 1, row.length);
        for (int i = 0; i < row.length; i++) {
            assertEquals(row[i], shifted[i + 3], 0f, "softmax at " + i);
        }
    }

    @Test
    void softmaxRowsMatchDoublePrecision() {
        Random r = new Random(1);
        int rows = 5;
        int cols = 197;
        float[] s = new float[rows * cols];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (r.nextGaussian() * 8);
        }
        s[3] = -100f;
        float[] in = s.clone();
        VectorMath.softmaxRows(s, 0, rows, cols);
        for (int row = 0; row < rows; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, in[row * cols + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(in[row * cols + j] - max);
            }
            for (int j = 0; j < cols; j++) {
                double ref = Math.exp(in[row * cols + j] - max) / sum;
                // float rounding of x - max alone costs up to ~2e-6 relative for logits of magnitude 30
                assertEquals(ref, s[row * cols + j], 3e-6 * ref + 1e-9, "row " + row + " col " + j);
            }
        }
    }

    @Test
    void layerNormMatchesDoublePrecision() {
        Random r = new Random(2);
        int n = 197;
        float[] x = new float[3 * n];
        float[] g = new float[n];
        float[] b = new float[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 3 + 5);
        }
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        g[7] = 0f;
        float[] y = new float[x.length];
        VectorMath.layerNorm(x, 0, y, 0, 3, n, g, b, 1e-6);
        for (int row = 0; row < 3; row++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x[row * n + j];
            }
            mean /= n;
            double var = 0;
            for (int j = 0; j < n; j++) {
                var += (x[row * n + j] - mean) * (x[row * n + j] - mean);
            }
            var /= n;
            for (int j = 0; j < n; j++) {
                double ref = (x[row * n + j] - mean) / Math.sqrt(var + 1e-6) * g[j] + b[j];
                assertEquals(ref, y[row * n + j], 2e-5, "row " + row + " col " + j);
            }
            assertEquals(b[7], y[row * n + 7], 0f, "a zero gamma gives exactly beta");
        }
    }
}
