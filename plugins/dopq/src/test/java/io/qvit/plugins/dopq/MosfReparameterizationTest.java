package io.qvit.plugins.dopq;

import io.qvit.testsupport.MapReparameterizationContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.LayerScaleRule;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.repq.LayerNormReparameterization;
import io.qvit.plugins.uniform.UniformQuantizer;
import io.qvit.runtime.CompiledModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MOSF on a random-weight micro ViT (2 blocks, D = 24, 2 heads, channel gains spread over two
 * decades so the per-channel scales have outliers): the float function is unchanged, the folding
 * is RepQ's, and the layer-wise scale is the rule's.
 */
class MosfReparameterizationTest {

    static VisionModel microVit(long seed) {
        ModelConfig c = new ModelConfig("vit_micro_test", ArchitectureFamily.VIT, 16, 8, 3, 10, 24, 2, 2, 2.0, true,
                1e-6, "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(16));
        Random rnd = new Random(seed);
        Map<String, Tensor> w = new LinkedHashMap<>();
        CompiledModel.expectedWeights(c).forEach((key, shape) -> {
            int n = shape.stream().reduce(1, (a, b) -> a * b);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (0.2 * rnd.nextGaussian());
            }
            if (key.matches("blocks\\.\\d\\.norm\\d\\.weight")) {
                for (int i = 0; i < n; i++) {
                    v[i] = (float) StrictMath.pow(10, 2 * rnd.nextDouble() - 1) * (i % 7 == 0 ? 8 : 1);
                }
            }
            w.put(key, Tensor.of(v, shape.stream().mapToInt(Integer::intValue).toArray()));
        });
        return new VisionModel(c, w, Map.of());
    }

    static Tensor images(int n, long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[n * 3 * 16 * 16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.of(v, n, 3, 16, 16);
    }

    /** Per-channel 4-bit minmax quantizers at the post-LN inputs and their weights, fitted on {@code x}. */
    static Map<QuantSite, TensorQuantizer> fitted(CompiledModel model, Tensor x) {
        Map<QuantSite, TensorQuantizer> qs = new LinkedHashMap<>();
        UniformQuantizer uniform = new UniformQuantizer();
        for (QuantSite s : model.sites()) {
            if (s.role() == SiteRole.QKV_INPUT || s.role() == SiteRole.FC1_INPUT
                    || s.role() == SiteRole.QKV_WEIGHT || s.role() == SiteRole.FC1_WEIGHT) {
                qs.put(s, uniform.create(s, new QuantizerConfig(4, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of())));
            }
        }
        model.forward(x, (site, a) -> {
            TensorQuantizer q = qs.get(site);
            if (q != null) {
                q.observe(a);
            }
            return a;
        });
        qs.forEach((s, q) -> {
            if (!s.role().isWeight()) {
                q.fit();
            }
        });
        return qs;
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }

    @Test
    void floatFunctionIsUnchangedForEveryRule() {
        VisionModel m = microVit(1);
        Tensor x = images(4, 2);
        CompiledModel cm = CompiledModel.build(m);
        Tensor before = cm.forward(x);
        for (MosfReparameterization mosf : List.of(new Mosf(new LayerNormReparameterization()),
                new MosfMedian(new LayerNormReparameterization()), new MosfMad(new LayerNormReparameterization()))) {
            assertEquals(ReparameterizationPhase.AFTER_CALIBRATION, mosf.phase());
            MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitted(cm, x));
            VisionModel r = mosf.apply(m, ctx);
            double diff = maxAbsDiff(before, CompiledModel.build(r).forward(x));
            assertTrue(diff <= 1e-4, mosf.rule().name() + ": max |logit difference| " + diff);
            assertEquals(4, ctx.replaced().size(), "two post-LN sites per block are folded");
            assertEquals(4, ctx.refits().size(), "their weights are re-fitted");
        }
    }

    @Test
    void layerScaleIsTheRulesChoiceOverTheChannels() {
        VisionModel m = microVit(3);
        Tensor x = images(4, 4);
        CompiledModel cm = CompiledModel.build(m);
        Map<QuantSite, TensorQuantizer> qs = fitted(cm, x);
        Map<QuantSite, QuantParams> perChannel = new LinkedHashMap<>();
        qs.forEach((s, q) -> {
            if (!s.role().isWeight()) {
                perChannel.put(s, q.params());
            }
        });
        for (LayerScaleRule rule : List.of(new MedianRule(), new MadRule(MadRule.DEFAULT_K))) {
            MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitted(cm, x));
            new MosfReparameterization(new LayerNormReparameterization(), rule) { }.apply(m, ctx);
            perChannel.forEach((site, p) -> {
                QuantParams after = ctx.replaced().get(site).params();
                float expected = rule.choose(p.scale().data(), p.zeroPoint().data()).scale();
                assertEquals(expected, after.scale().data()[0], 0f, site + " " + rule.name());
                assertEquals(rule.name(), after.extra().get("layer_scale_rule"));
                assertEquals(Granularity.PER_TENSOR, after.granularity());
            });
        }
    }

    /** A rule with a fixed pair, for the cancellation test. */
    private static LayerScaleRule fixed(float scale, float zeroPoint) {
        return new LayerScaleRule() {
            @Override
            public io.qvit.api.reparam.LayerScale choose(float[] scales, float[] zeroPoints) {
                return new io.qvit.api.reparam.LayerScale(scale, zeroPoint);
            }

            @Override
            public String name() {
                return "fixed-" + scale;
            }
        };
    }

    /** Logits of the rewritten model with only the folded post-LN quantizers on. */
    private static Tensor quantizedLogits(VisionModel m, Tensor x, LayerScaleRule rule) {
        CompiledModel cm = CompiledModel.build(m);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitted(cm, x));
        VisionModel r = new MosfReparameterization(new LayerNormReparameterization(), rule) { }.apply(m, ctx);
        return CompiledModel.build(r).forward(x, (site, a) -> ctx.replaced().containsKey(site)
                ? ctx.replaced().get(site).quantize(a) : a);
    }

    /**
     * Why MOSF changes little (docs/methods/dopq.md): with the zero point fixed, the layer-wise
     * scale cancels — the folded per-tensor quantizer reproduces each channel's own grid whatever
     * s̃ is, so the quantized model's logits agree to float rounding for s̃ four times apart.
     */
    @Test
    void theLayerScaleCancelsInTheQuantizedFunction() {
        VisionModel m = microVit(7);
        Tensor x = images(4, 8);
        Tensor a = quantizedLogits(m, x, fixed(0.05f, 8f));
        Tensor b = quantizedLogits(m, x, fixed(0.2f, 8f));
        double diff = maxAbsDiff(a, b);
        assertTrue(diff <= 1e-3, "max |logit difference| " + diff);
        Tensor c = quantizedLogits(m, x, fixed(0.05f, 8.5f));
        assertTrue(maxAbsDiff(a, c) > 10 * diff, "a half-unit zero point shift does change the grid");
    }

    @Test
    void theMadRuleFindsTheAmplifiedChannels() {
        VisionModel m = microVit(5);
        Tensor x = images(4, 6);
        CompiledModel cm = CompiledModel.build(m);
        QuantParams p = fitted(cm, x).get(new QuantSite("blocks.0", SiteRole.QKV_INPUT)).params();
        int[] outliers = new MadRule(MadRule.DEFAULT_K).outliers(p.scale().data());
        assertTrue(outliers.length > 0 && outliers.length < 24 / 2, "outlier channels " + outliers.length);
        float mean = 0;
        for (float s : p.scale().data()) {
            mean += s / 24;
        }
        float median = new MedianRule().choose(p.scale().data(), p.zeroPoint().data()).scale();
        assertTrue(median < mean, "the outliers pull the mean (" + mean + ") above the median (" + median + ")");
    }
}
