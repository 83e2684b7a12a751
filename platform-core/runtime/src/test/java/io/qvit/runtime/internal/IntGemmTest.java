package io.qvit.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The int8 x int8 -> int32 Vector API kernel ({@link IntGemm}, through {@link PackedInt8} and the
 * parallel {@link IntLinear}) equals the plain 64-bit-accumulation reference exactly, including
 * the extreme values -128/127, partial tiles and partial panels.
 */
class IntGemmTest {

    private static int[] random(Random r, int n, int lo, int hi) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = lo + r.nextInt(hi - lo + 1);
        }
        return a;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} |a|<={3} bias={4}")
    @CsvSource({
        "1, 1, 1, 128, false",
        "4, 16, 8, 128, true",
        "7, 17, 13, 128, true",
        "197, 576, 192, 128, true",
        "131, 33, 64, 128, false",
        "65, 1000, 96, 128, true",
        "197, 64, 197, 32768, false",
    })
    void kernelEqualsLongReference(int m, int n, int k, int maxA, boolean withBias) {
        Random r = new Random(m * 31L + n * 7L + k);
        int[] a = random(r, m * k, -maxA, maxA - 1);
        int[] w = random(r, n * k, -128, 127);
        int[] bias = withBias ? random(r, n, -1 << 20, 1 << 20) : null;
        long[] expected = IntGemm.reference(a, m, k, w, n, bias);

        PackedInt8 packed = PackedInt8.ofTransposed(w, 0, k, n, k);
        int[] padded = new int[PackedInt8.panels(n) * PackedInt8.NR];
        if (bias != null) {
            System.arraycopy(bias, 0, padded, 0, n);
        }
        int[] c = new int[m * n];
        IntGemm.multiply(a, 0, k, 0, m, packed, 0, PackedInt8.panels(n), padded, c, 0, n,
                new int[IntGemm.MR * PackedInt8.NR]);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], "element " + i);
        }
    }

    @Test
    void extremeOperandsDoNotWrap() {
        int k = 768;
        int m = 5;
        int n = 19;
        int[] a = new int[m * k];
        int[] w = new int[n * k];
        java.util.Arrays.fill(a, -128);
        java.util.Arrays.fill(w, -128);
        IntGemm.checkRange("test", k, 128, 0);
        PackedInt8 packed = PackedInt8.ofTransposed(w, 0, k, n, k);
        int[] c = new int[m * n];
        IntGemm.multiply(a, 0, k, 0, m, packed, 0, PackedInt8.panels(n), new int[PackedInt8.panels(n) * PackedInt8.NR],
                c, 0, n, new int[IntGemm.MR * PackedInt8.NR]);
        for (int v : c) {
            assertEquals(128L * 128 * k, v);
        }
    }

    @Test
    void parallelLinearEqualsReferenceAndQuantizesWeightsAndBias() {
        Random r = new Random(3);
        int m = 300;
        int k = 40;
        int n = 50;
        float[] wf = new float[n * k];
        float[] bf = new float[n];
        double[] ws = new double[n];
        for (int c = 0; c < n; c++) {
            ws[c] = 0.01 * (1 + c);
            bf[c] = (float) r.nextGaussian();
            for (int i = 0; i < k; i++) {
                wf[c * k + i] = (float) (r.nextGaussian() * ws[c] * 40);
            }
        }
        double sx = 0.05;
        IntLinear l = new IntLinear(wf, bf, ws, 8, sx, 128, n, k, "test");
        int[] wi = new int[n * k];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < k; i++) {
                wi[c * k + i] = (int) Math.max(-128, Math.min(127, Math.rint(wf[c * k + i] / ws[c])));
            }
            assertEquals(ws[c] * sx, l.accumulatorScales()[c], 0);
            assertEquals((int) Math.rint(bf[c] / (ws[c] * sx)), l.bias()[c], "bias of channel " + c);
        }
        int[] a = random(r, m * k, -128, 127);
        long[] expected = IntGemm.reference(a, m, k, wi, n, l.bias());
        int[] y = new int[m * n];
        WorkerPool pool = WorkerPool.shared(2);
        l.forward(a, m, y, pool, new int[2][IntGemm.MR * PackedInt8.NR]);
        for (int i = 0; i < y.length; i++) {
            assertEquals(expected[i], y[i], "element " + i);
        }
    }

    @Test
    void overflowAndRangeAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntGemm.checkRange("blocks.0 probs·v", 100_000, 32768, 0));
        assertTrue(e.getMessage().contains("blocks.0 probs·v"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PackedInt8.ofTransposed(new int[] {128}, 0, 1, 1, 1));
    }
}
