package io.qvit.plugins.repq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shift-accumulate form of A·V equals the simulated product dequantize(A)·V. */
class ShiftAccumulateMatmulTest {

    private static Tensor values(int b, int h, int t, int d, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[b * h * t * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(v, b, h, t, d);
    }

    /** dequantize(A)·V in double. */
    private static double[] simulated(Tensor a, Tensor v) {
        int[] s = a.shape();
        int t = s[2];
        int d = v.dim(3);
        int batch = s[0] * s[1];
        double[] out = new double[batch * t * d];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < t; i++) {
                for (int k = 0; k < t; k++) {
                    double aik = a.data()[(b * t + i) * t + k];
                    for (int j = 0; j < d; j++) {
                        out[(b * t + i) * d + j] += aik * v.data()[(b * t + k) * d + j];
                    }
                }
            }
        }
        return out;
    }

    @Test
    void shiftFormEqualsSimulatedForm() {
        for (int bits : new int[] {2, 3, 4, 6, 8}) {
            Tensor a = LogSqrt2QuantizerTest.attention(2, 3, 13, 10 + bits);
            Tensor v = values(2, 3, 13, 5, 20 + bits);
            LogSqrt2TensorQuantizer q = (LogSqrt2TensorQuantizer) new LogSqrt2Quantizer().create(
                    new QuantSite("blocks.0", SiteRole.ATTN_PROBS),
                    LogSqrt2QuantizerTest.config(bits, "percentile-mse", Map.of()));
            q.observe(a);
            q.fit();
            Tensor shifted = ShiftAccumulateMatmul.multiply(q.codes(a), v);
            double[] expected = simulated(q.quantize(a), v);
            assertArrayEquals(new int[] {2, 3, 13, 5}, shifted.shape());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], shifted.data()[i], 1e-6 * Math.max(1, Math.abs(expected[i])),
                        "bits " + bits + " element " + i);
            }
        }
    }

    @Test
    void exactOnDyadicValues() {
        // V of small integers, Δ a power of two: every term is exact, both forms agree bit for bit
        LogSqrt2Grid g = new LogSqrt2Grid(4, 0.5f);
        int[] codes = {0, 2, 16, 4, 1, 3, 16, 16, 6};
        LogSqrt2Codes a = new LogSqrt2Codes(codes, new int[] {3, 3}, g);
        Tensor v = Tensor.of(new float[] {1, 2, -3, 4, 5, 6}, 3, 2);
        Tensor out = ShiftAccumulateMatmul.multiply(a, v);
        Tensor deq = a.dequantize();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += (double) deq.data()[i * 3 + k] * v.data()[k * 2 + j];
                }
                assertEquals((float) s, out.data()[i * 2 + j], 1e-6, "row " + i + " col " + j);
            }
        }
        // row 0: 0.5·[1, 2] + 0.25·[-3, 4] (code 2) + 0 (zero code)
        assertEquals(0.5f - 0.75f, out.data()[0], 1e-7);
        assertEquals(1f + 1f, out.data()[1], 1e-7);
    }

    @Test
    void shapesMustFit() {
        LogSqrt2Codes a = new LogSqrt2Codes(new int[6], new int[] {2, 3}, new LogSqrt2Grid(4, 1f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShiftAccumulateMatmul.multiply(a, Tensor.zeros(2, 2)));
        assertEquals(true, e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
