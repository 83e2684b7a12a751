package io.qvit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.ivit.IViTKernel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The integer graph on the shared micro models (timm ViT and distilled DeiT, random weights)
 * matches its float simulation ({@link IntegerSimulation}, as I-ViT's training graph simulates its
 * integer model with {@code QuantAct}/{@code fixedpoint_mul} on integer-valued float tensors,
 * authors' {@code quant_modules.py}, whose {@code QuantLinear} runs {@code F.linear} on
 * integer-valued {@code x_int}, {@code w_int}, {@code b_int}) exactly: every probed integer is equal,
 * the logits agree to float32 rounding and the top-1 classes are equal; a clear error names a site
 * that is not quantized as the integer path needs.
 */
class IntegerModelTest {

    static double relativeError(Tensor a, Tensor ref) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = a.data()[i] - ref.data()[i];
            num += d * d;
            den += (double) ref.data()[i] * ref.data()[i];
        }
        return Math.sqrt(num / den);
    }

    static int[] argmax(Tensor logits) {
        int classes = logits.dim(1);
        int[] r = new int[logits.dim(0)];
        for (int b = 0; b < r.length; b++) {
            for (int c = 1; c < classes; c++) {
                if (logits.data()[b * classes + c] > logits.data()[b * classes + r[b]]) {
                    r[b] = c;
                }
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/vit_micro.weights.safetensors, golden/vit_micro.io.safetensors",
        "golden/deit_micro_distilled.weights.safetensors, golden/deit_micro_distilled.io.safetensors",
    })
    void integerGraphMatchesItsFloatSimulation(String weights, String io) {
        CompiledModel model = CompiledModel.build(Goldens.model(weights), new RuntimeOptions(2));
        Tensor x = Goldens.tensors(io).get("input");
        SymmetricMinMax cal = new SymmetricMinMax(model, x);
        Tensor fp = model.forward(x);
        Tensor fake = cal.fakeQuant(x);
        IViTKernel kernel = new IViTKernel();
        IntegerModel integer = IntegerModel.convert(cal.fakeQuantWeights, cal.params, kernel);
        IntegerSimulation sim = new IntegerSimulation(cal.fakeQuantWeights, cal.params, kernel);
        Map<QuantSite, float[]> simSites = new LinkedHashMap<>();
        Tensor simulated = sim.codeModel().forward(x, (site, t) -> {
            Tensor q = sim.apply(site, t);
            simSites.put(site, q.data().clone());
            return q;
        });
        long[] counts = new long[3]; // elements, differing, differing by more than one unit
        Tensor in = integer.forward(x, (site, data, scale) -> {
            float[] f = simSites.get(site);
            int diff = 0;
            for (int i = 0; i < data.length; i++) {
                long d = Math.abs(data[i] - Math.round(f[i]));
                diff += d != 0 ? 1 : 0;
                counts[2] += d > 1 ? 1 : 0;
            }
            counts[0] += data.length;
            counts[1] += diff;
            System.out.printf("  %-22s %d of %d integers differ from the simulation%n", site, diff, data.length);
        });
        double intVsSim = relativeError(in, simulated);
        double intVsFake = relativeError(in, fake);
        double fakeVsFp = relativeError(fake, fp);
        System.out.printf("%s: %d of %d probed integers differ (%d by more than one unit); rel. L2 error of the"
                + " logits integer vs simulation %.2e, integer vs fake-quant %.4f, fake-quant vs float %.4f%n",
                weights, counts[1], counts[0], counts[2], intVsSim, intVsFake, fakeVsFp);
        // The code-domain simulation computes every accumulator exactly (integer-valued float32
        // products below 2^24), so every probed integer is equal; the logits differ only by float32
        // rounding of the head's scaled product.
        assertEquals(0, counts[1], counts[1] + " of " + counts[0] + " probed integers differ");
        assertTrue(counts[0] > 0, "the integer path must have been probed");
        assertTrue(sim.accumulatorBound() > 0 && sim.accumulatorBound() < 1L << 24,
                "worst-case accumulator " + sim.accumulatorBound() + " must be exact in float32");
        assertTrue(intVsSim < 1e-5, "integer vs simulation relative error " + intVsSim);
        int[] a = argmax(in);
        int[] b = argmax(simulated);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        assertEquals(a.length, same, "top-1 agrees on " + same + " of " + a.length);
        assertEquals(in, integer.forward(x), "the integer path must be deterministic");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"blocks.1, SOFTMAX_INPUT", "'', HEAD_INPUT", "blocks.2, FC2_WEIGHT"})
    void missingOrAsymmetricSiteIsNamed(String scope, SiteRole role) {
        CompiledModel model = CompiledModel.build(Goldens.model("golden/vit_micro.weights.safetensors"),
                new RuntimeOptions(1));
        Tensor x = Goldens.tensors("golden/vit_micro.io.safetensors").get("input");
        SymmetricMinMax cal = new SymmetricMinMax(model, x);
        QuantSite site = new QuantSite(scope, role);
        Map<QuantSite, QuantParams> missing = new LinkedHashMap<>(cal.params);
        missing.remove(site);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IntegerModel.convert(cal.fakeQuantWeights, missing, new IViTKernel()));
        assertTrue(e.getMessage().contains(site.toString()), e.getMessage());
        Map<QuantSite, QuantParams> asym = new LinkedHashMap<>(cal.params);
        QuantParams p = asym.get(site);
        float[] z = new float[p.zeroPoint().size()];
        z[0] = 3;
        asym.put(site, new QuantParams(p.bits(), p.granularity(), p.scale(), Tensor.of(z, z.length), Map.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> IntegerModel.convert(cal.fakeQuantWeights, asym, new IViTKernel()));
        assertTrue(e.getMessage().contains(site.toString()) && e.getMessage().contains("zero point"), e.getMessage());
    }
}
