package io.qvit.plugins.repq;

import io.qvit.testsupport.MapReparameterizationContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One LayerNorm → linear pair with hand-chosen per-channel quantizer parameters: exactness of the
 * per-tensor quantization when the zero points differ from their mean by integers, and the
 * handling of constant channels.
 */
class SyntheticReparameterizationTest {
    private static final QuantSite INPUT = new QuantSite("blocks.0", SiteRole.QKV_INPUT);
    private static final QuantSite WEIGHT = new QuantSite("blocks.0", SiteRole.QKV_WEIGHT);
    private static final int OUT = 5;

    static VisionModel model(float[] gamma, float[] beta, long seed) {
        ModelConfig c = new ModelConfig("synthetic", ArchitectureFamily.VIT, 16, 16, 3, 0, gamma.length, 1, 1, 4.0,
                true, 1e-6, "token", List.of(), List.of(), 0,
                Preprocessing.imagenetDefault(16));
        Random rnd = new Random(seed);
        float[] w = new float[OUT * gamma.length];
        float[] b = new float[OUT];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < OUT; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("blocks.0.norm1.weight", Tensor.of(gamma.clone(), gamma.length));
        m.put("blocks.0.norm1.bias", Tensor.of(beta.clone(), beta.length));
        m.put("blocks.0.attn.qkv.weight", Tensor.of(w, OUT, gamma.length));
        m.put("blocks.0.attn.qkv.bias", Tensor.of(b, OUT));
        return new VisionModel(c, m, Map.of());
    }

    static QuantParams perChannel(float[] s, float[] z, int bits, List<Integer> constant) {
        return new QuantParams(bits, Granularity.PER_CHANNEL, Tensor.of(s.clone(), s.length), Tensor.of(z.clone(), z.length),
                Map.of("qmin", 0, "qmax", (1 << bits) - 1, "constant_groups", constant));
    }

    private static MapReparameterizationContext context(QuantParams p) {
        return new MapReparameterizationContext(List.of(INPUT, WEIGHT), Map.of(INPUT, new FixedParamsQuantizer(p),
                WEIGHT, new FixedParamsQuantizer(p)));
    }

    /** The LayerNorm's affine part applied to normalized values n [rows, C]. */
    private static float[] affine(float[] n, float[] gamma, float[] beta) {
        int c = gamma.length;
        float[] y = new float[n.length];
        for (int i = 0; i < n.length; i++) {
            y[i] = n[i] * gamma[i % c] + beta[i % c];
        }
        return y;
    }

    private static double[] linear(float[] x, Tensor w, Tensor b) {
        int c = w.dim(1);
        int rows = x.length / c;
        double[] y = new double[rows * OUT];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < OUT; o++) {
                double acc = b.data()[o];
                for (int k = 0; k < c; k++) {
                    acc += (double) w.data()[o * c + k] * x[r * c + k];
                }
                y[r * OUT + o] = acc;
            }
        }
        return y;
    }

    @Test
    void integerZeroPointOffsetsMakePerTensorEqualPerChannel() {
        float[] gamma = {1.5f, 0.8f, 2.0f, 1.1f};
        float[] beta = {0.3f, -0.2f, 0.05f, 0.6f};
        float[] s = {0.02f, 0.05f, 0.03f, 0.1f};
        float[] z = {3, 5, 7, 9};                       // mean 6: every z̃ − z_c is an integer
        int bits = 4;
        int c = gamma.length;
        VisionModel m = model(gamma, beta, 1);
        MapReparameterizationContext ctx = context(perChannel(s, z, bits, List.of()));
        VisionModel r = new LayerNormReparameterization().apply(m, ctx);

        // post-LayerNorm values y_c = (k + u)·s_c, u away from the rounding ties, some beyond the clamp
        Random rnd = new Random(2);
        int rows = 400;
        float[] n = new float[rows * c];
        for (int i = 0; i < n.length; i++) {
            int ch = i % c;
            double y = (rnd.nextInt(40) - 20 + (rnd.nextDouble() - 0.5) * 0.7) * s[ch];
            n[i] = (float) ((y - beta[ch]) / gamma[ch]);
        }
        float[] y = affine(n, gamma, beta);
        float[] y2 = affine(n, r.weight("blocks.0.norm1.weight").data(), r.weight("blocks.0.norm1.bias").data());

        TensorQuantizer pt = ctx.replaced().get(INPUT);
        assertInstanceOf(FixedUniformQuantizer.class, pt);
        float st = pt.params().scale().data()[0];
        float zt = pt.params().zeroPoint().data()[0];
        assertEquals(6f, zt);
        assertEquals((0.02f + 0.05f + 0.03f + 0.1f) / 4, st, 1e-8);
        float[] yq = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            int ch = i % c;
            float qc = Math.min(15, Math.max(0, (float) Math.rint(y[i] / s[ch]) + z[ch]));
            float qt = Math.min(15, Math.max(0, (float) Math.rint(y2[i] / st) + zt));
            assertEquals(qc, qt, "codes differ at row " + i / c + " channel " + ch);
            yq[i] = (qc - z[ch]) * s[ch];
        }
        Tensor y2q = pt.quantize(Tensor.of(y2, rows, c));
        double[] before = linear(yq, m.weight("blocks.0.attn.qkv.weight"), m.weight("blocks.0.attn.qkv.bias"));
        double[] after = linear(y2q.data(), r.weight("blocks.0.attn.qkv.weight"), r.weight("blocks.0.attn.qkv.bias"));
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])), "output " + i);
        }
        assertEquals(List.of(WEIGHT), ctx.refits());
        assertEquals(ReparameterizationPhase.AFTER_CALIBRATION, new LayerNormReparameterization().phase());
    }

    @Test
    void constantChannelsAreExcludedFromTheMeansAndStayFinite() {
        float[] gamma = {1.2f, 0f, 0.9f, 1.4f, 0.7f};    // channel 1: gamma = 0, the constant beta_1
        float[] beta = {0.1f, 0.0137f, -0.3f, 0.2f, 0.4f};
        float[] s = {0.04f, 0.0137f, 0.06f, 0.05f, 0.03f};  // the uniform quantizer gives a constant c the scale |c|
        float[] z = {7, 0, 8, 6, 9};
        // channel 3 listed as constant by the quantizer (constant on the calibration data)
        VisionModel m = model(gamma, beta, 3);
        MapReparameterizationContext ctx = context(perChannel(s, z, 4, List.of(1, 3)));
        VisionModel r = new LayerNormReparameterization().apply(m, ctx);
        QuantParams p = ctx.replaced().get(INPUT).params();
        assertEquals((0.04f + 0.06f + 0.03f) / 3, p.scale().data()[0], 1e-8, "s̃ over the regular channels 0, 2, 4");
        assertEquals((7f + 8f + 9f) / 3, p.zeroPoint().data()[0], 1e-6, "z̃ over the regular channels");
        assertEquals(List.of(1, 3), p.extra().get("excluded_channels"));
        for (String key : r.weights().keySet()) {
            for (float v : r.weight(key).data()) {
                assertTrue(Float.isFinite(v), key + " has a non-finite value");
            }
        }
        // gamma = 0: the LayerNorm now outputs exactly 0 there, the constant went into the bias
        assertEquals(0f, r.weight("blocks.0.norm1.weight").data()[1]);
        assertEquals(0f, r.weight("blocks.0.norm1.bias").data()[1]);
        // float function unchanged, constant channels included
        Random rnd = new Random(4);
        float[] n = new float[50 * gamma.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) rnd.nextGaussian();
        }
        double[] before = linear(affine(n, gamma, beta), m.weight("blocks.0.attn.qkv.weight"),
                m.weight("blocks.0.attn.qkv.bias"));
        double[] after = linear(affine(n, r.weight("blocks.0.norm1.weight").data(), r.weight("blocks.0.norm1.bias").data()),
                r.weight("blocks.0.attn.qkv.weight"), r.weight("blocks.0.attn.qkv.bias"));
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], 1e-5 * Math.max(1, Math.abs(before[i])));
        }
        // the quantized constant channel is exact: 0 is on every per-tensor grid
        Tensor zero = ctx.replaced().get(INPUT).quantize(Tensor.of(new float[] {0f}, 1, 1, 1));
        assertEquals(0f, zero.data()[0]);
    }

    @Test
    void perTensorAndUnquantizedSitesAreSkipped() {
        float[] gamma = {1f, 2f};
        float[] beta = {0f, 1f};
        VisionModel m = model(gamma, beta, 5);
        QuantParams perTensor = new QuantParams(4, Granularity.PER_TENSOR, Tensor.of(new float[] {0.1f}, 1),
                Tensor.of(new float[] {3f}, 1), Map.of());
        MapReparameterizationContext ctx = context(perTensor);
        VisionModel r = new LayerNormReparameterization().apply(m, ctx);
        assertTrue(ctx.replaced().isEmpty());
        assertTrue(ctx.refits().isEmpty());
        assertEquals(m.weights(), r.weights());
        MapReparameterizationContext none = new MapReparameterizationContext(List.of(INPUT, WEIGHT), Map.of());
        assertEquals(m.weights(), new LayerNormReparameterization().apply(m, none).weights());
    }

    @Test
    void aMissingTensorIsNamed() {
        float[] gamma = {1f, 2f};
        VisionModel m = model(gamma, new float[] {0f, 0f}, 6);
        Map<String, Tensor> w = new LinkedHashMap<>(m.weights());
        w.remove("blocks.0.norm1.bias");
        MapReparameterizationContext ctx = context(perChannel(new float[] {0.1f, 0.2f}, new float[] {1, 2}, 4, List.of()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LayerNormReparameterization().apply(m.withWeights(w), ctx));
        assertTrue(e.getMessage().contains("blocks.0.norm1.bias") && e.getMessage().contains("blocks.0.qkv.input"),
                e.getMessage());
    }
}
