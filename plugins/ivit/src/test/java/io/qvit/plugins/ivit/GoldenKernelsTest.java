package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with I-ViT's reference kernels on {@code golden/ivit_kernels.safetensors} of the shared
 * folder ({@code QVIT_SHARED}): outputs of the authors' PyTorch code on random integer inputs. The
 * reference emulates integers in float32, so the true integer kernels may differ by one unit in a
 * few elements; the counts are printed.
 */
class GoldenKernelsTest {
    private static SafetensorsFile golden;
    private static final IntegerKernel KERNEL = new IViTKernel();

    @BeforeAll
    static void open() throws IOException {
        golden = SafetensorsFile.open(io.qvit.testsupport.SharedData.file("golden/ivit_kernels.safetensors"));
    }

    @Test
    void shiftmax8() throws IOException {
        check("shiftmax.x_int", "shiftmax.y_int", 8);
    }

    @Test
    void shiftmax16() throws IOException {
        check("shiftmax.x_int", "shiftmax16.y_int", 16);
    }

    private void check(String in, String ref, int bits) throws IOException {
        int[] shape = golden.entries().get(in).shape();
        IntTensor x = IntTensor.of(ints(in), scale("shiftmax"), shape);
        IntTensor y = KERNEL.softmax(x, bits);
        assertEquals(1.0 / (1 << (bits - 1)), y.scale());
        MatchCounts.of("Shiftmax" + bits, y.data(), ints(ref)).print().assertAcceptable();
    }

    @Test
    void shiftGelu() throws IOException {
        int[] shape = golden.entries().get("shiftgelu.x_int").shape();
        double s = scale("shiftgelu");
        IntTensor y = KERNEL.gelu(IntTensor.of(ints("shiftgelu.x_int"), s, shape), 8);
        assertEquals(s / 128, y.scale(), 1e-18);
        int[] x = ints("shiftgelu.x_int");
        int[] ref = ints("shiftgelu.y_int");
        // The output is x * sigmoid: one unit of the integer sigmoid is |x| output units, so compare
        // the sigmoids (exactly recoverable as y / x), and print the raw output counts too.
        int[] sig = new int[x.length];
        int[] refSig = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                assertEquals(0, ref[i] % x[i], "reference output is not a multiple of its input at " + i);
                sig[i] = y.data()[i] / x[i];
                refSig[i] = ref[i] / x[i];
            } else {
                assertEquals(0, y.data()[i]);
                assertEquals(0, ref[i]);
            }
        }
        MatchCounts.of("ShiftGELU out", y.data(), ref).print();
        MatchCounts.of("ShiftGELU sig", sig, refSig).print().assertAcceptable();
    }

    /**
     * I-LayerNorm. The golden holds the float32 output {@code y} and its per-channel scale
     * ({@code sqrt(C)/2^30 * gamma}); its integer part has about 29 significant bits, beyond the
     * float32 the reference computes it in, so integer units are compared where they are defined:
     * (1) each row's integer normalisation factor {@code floor((2^31-1)/std)}, inferred from the
     * golden, and (2) the output requantized to a per-tensor 16-bit and 8-bit scale, the kernel's
     * fused {@code layerNorm(x, gamma, beta, scale, bits)} against the golden float output rounded to
     * the same grid.
     */
    @Test
    void iLayerNorm() throws IOException {
        int[] shape = golden.entries().get("ilayernorm.x_int").shape();
        int c = shape[shape.length - 1];
        int[] x = ints("ilayernorm.x_int");
        float[] gammaF = golden.read("ilayernorm.weight").data();
        float[] betaF = golden.read("ilayernorm.bias").data();
        float[] ref = golden.read("ilayernorm.y").data();
        float[] refScale = golden.read("ilayernorm.y_scale").data();
        double[] gamma = new double[c];
        double[] beta = new double[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = gammaF[i];
            beta[i] = betaF[i];
        }
        IntTensor in = IntTensor.of(x, scale("ilayernorm"), shape);
        IntTensor y = KERNEL.layerNorm(in);
        double lnScale = Math.sqrt(c) / 0x1p30;
        assertEquals(lnScale, y.scale(), 1e-24);

        // (1) per-row factors: the reference's, from its element farthest from the row mean.
        int rows = x.length / c;
        int[] mine = new int[rows];
        int[] theirs = new int[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * c;
            long sum = 0;
            for (int i = 0; i < c; i++) {
                sum += x[base + i];
            }
            long mean = IntRounding.roundDiv(sum, c);
            long var = 0;
            int far = base;
            for (int i = 0; i < c; i++) {
                long d = x[base + i] - mean;
                var += d * d;
                if (Math.abs(d) > Math.abs(x[far] - mean)) {
                    far = base + i;
                }
            }
            mine[r] = (int) (Integer.MAX_VALUE / IntegerSqrt.newton(var));
            int ch = far - base;
            double bias = Math.floor(beta[ch] / gamma[ch] / lnScale);
            theirs[r] = (int) Math.rint(2 * (ref[far] / (double) refScale[ch] - bias) / (x[far] - mean));
        }
        MatchCounts.of("I-LN factor", mine, theirs).print().assertAcceptable();

        // (2) fused normalisation + affine + requantization vs the golden float output.
        double maxAbs = 0;
        for (float v : ref) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        for (int bits : new int[] {16, 8}) {
            long qmax = (1L << (bits - 1)) - 1;
            double s = maxAbs / qmax;
            int[] expected = new int[ref.length];
            for (int i = 0; i < ref.length; i++) {
                expected[i] = (int) Math.max(-qmax - 1, Math.min(qmax, Math.rint(ref[i] / s)));
            }
            IntTensor q = KERNEL.layerNorm(in, gamma, beta, s, bits);
            MatchCounts.of("I-LN int" + bits, q.data(), expected).print().assertAcceptable();
        }
    }

    private static int[] ints(String name) throws IOException {
        float[] f = golden.read(name).data();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (int) f[i];
            assertEquals(out[i], f[i], name + " holds a non-integer");
        }
        return out;
    }

    static double scale(String kernel) {
        Matcher m = Pattern.compile("\"" + kernel + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(golden.metadata().get("scales"));
        assertTrue(m.find(), "no scale for " + kernel + " in " + golden.metadata());
        return Double.parseDouble(m.group(1));
    }
}
