package io.qvit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.ivit.IViTKernel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Golden-free: conversion of a generated two-block ViT turns every scale ratio into a dyadic
 * number once, with the ratios the I-ViT data flow prescribes (accumulator scale
 * {@code s_w[c]·s_x} over the next site's scale; {@code s_q·s_k/sqrt(d)} over the softmax input
 * scale; Shiftmax's {@code 2^-15·s_v} over the proj input scale; ShiftGELU's output scale over the
 * fc2 input scale) and a relative error below {@code 2^-30} (31-bit multipliers).
 */
class IntegerConversionTest {

    static VisionModel generated(long seed) {
        ModelConfig c = new ModelConfig("vit_generated", ArchitectureFamily.VIT, 32, 16, 3, 5, 16, 2, 2, 4.0, true,
                1e-6, "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(32));
        Random r = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        CompiledModel.expectedWeights(c).forEach((key, shape) -> {
            int[] s = shape.stream().mapToInt(Integer::intValue).toArray();
            int n = 1;
            for (int d : s) {
                n *= d;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (key.endsWith("norm1.weight") || key.endsWith("norm2.weight") || key.equals("norm.weight")
                        ? 1 + 0.1 * r.nextGaussian() : 0.2 * r.nextGaussian());
            }
            w.put(key, Tensor.of(v, s));
        });
        return new VisionModel(c, w, Map.of());
    }

    @Test
    void everyScaleRatioBecomesOneDyadicWithThePrescribedFactor() {
        CompiledModel model = CompiledModel.build(generated(1), new RuntimeOptions(1));
        Tensor images = Tensor.of(new float[2 * 3 * 32 * 32], 2, 3, 32, 32);
        Random r = new Random(2);
        for (int i = 0; i < images.size(); i++) {
            images.data()[i] = (float) r.nextGaussian();
        }
        SymmetricMinMax cal = new SymmetricMinMax(model, images);
        IntegerModel integer = IntegerModel.convert(cal.fakeQuantWeights, cal.params, new IViTKernel());
        Map<String, Requantization> byName = new LinkedHashMap<>();
        for (Requantization q : integer.requantizations()) {
            assertTrue(q.maxRelativeError() <= 0x1p-30, q.name() + ": relative error " + q.maxRelativeError());
            for (Dyadic d : q.dyadics()) {
                assertTrue(d.multiplier() < 1L << 31, q.name() + ": multiplier " + d.multiplier() + " exceeds 31 bits");
            }
            byName.put(q.name(), q);
        }
        // patch_embed, then per block: qkv, q·k, probs·v, proj, fc1, gelu, fc2
        assertEquals(1 + 2 * 7, byName.size(), byName.keySet().toString());

        double sx = scale(cal, "blocks.0", SiteRole.QKV_INPUT);
        float[] sw = cal.params.get(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT)).scale().data();
        double sq = scale(cal, "blocks.0", SiteRole.ATTN_Q);
        double sk = scale(cal, "blocks.0", SiteRole.ATTN_K);
        double sv = scale(cal, "blocks.0", SiteRole.ATTN_V);
        List<Double> qkv = byName.get("blocks.0.qkv->attn.q/k/v").factors();
        assertEquals(48, qkv.size());
        for (int c = 0; c < 48; c++) {
            double out = c < 16 ? sq : c < 32 ? sk : sv;
            assertEquals(sw[c] * sx / out, qkv.get(c), 1e-12 * qkv.get(c), "qkv channel " + c);
        }
        double logits = sq * sk / Math.sqrt(8) / scale(cal, "blocks.0", SiteRole.SOFTMAX_INPUT);
        assertEquals(logits, byName.get("blocks.0.q·k->softmax.input").factors().get(0), 1e-12 * logits);
        double context = sv / 32768 / scale(cal, "blocks.0", SiteRole.PROJ_INPUT);
        assertEquals(context, byName.get("blocks.0.probs·v->proj.input").factors().get(0), 1e-12 * context);
        double sg = scale(cal, "blocks.1", SiteRole.GELU_INPUT);
        double gelu = sg / (1 << (IntegerModel.GELU_SIGMOID_BITS - 1))
                / scale(cal, "blocks.1", SiteRole.FC2_INPUT);
        assertEquals(gelu, byName.get("blocks.1.gelu->fc2.input").factors().get(0), 1e-12 * gelu);
        float[] sw2 = cal.params.get(new QuantSite("blocks.1", SiteRole.FC2_WEIGHT)).scale().data();
        double sf = scale(cal, "blocks.1", SiteRole.FC2_INPUT);
        double sNorm = scale(cal, "", SiteRole.NORM_INPUT);
        List<Double> fc2 = byName.get("blocks.1.fc2->norm.input").factors();
        for (int c = 0; c < 16; c++) {
            assertEquals(sw2[c] * sf / sNorm, fc2.get(c), 1e-12 * fc2.get(c), "fc2 channel " + c);
        }
        assertEquals(model.forward(images).dim(1), integer.forward(images).dim(1));
    }

    private static double scale(SymmetricMinMax cal, String scope, SiteRole role) {
        return cal.params.get(new QuantSite(scope, role)).scale().data()[0];
    }
}
