package io.qvit.plugins.repq;

import io.qvit.testsupport.MapReparameterizationContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.uniform.UniformQuantizer;
import io.qvit.runtime.CompiledModel;
import io.qvit.toolkit.layout.NormLinearPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reparameterization on real models: DeiT-T (with its two gamma = 0 LayerNorm channels) on the
 * golden inputs, and the random-weight Swin micro model (patch merging included).
 */
class RealModelReparameterizationTest {
    private static final String DEIT = "data/models/deit_tiny_patch16_224.safetensors";
    private static final String DEIT_GOLDEN = "golden/deit_tiny_patch16_224.sample8.safetensors";

    /** Per-channel 4-bit percentile-MSE uniform quantizers at every post-LayerNorm site, fitted on {@code x}. */
    static Map<QuantSite, TensorQuantizer> fitPostLn(CompiledModel model, Tensor x, int bits) {
        Map<QuantSite, TensorQuantizer> qs = new LinkedHashMap<>();
        UniformQuantizer uniform = new UniformQuantizer();
        for (QuantSite s : model.sites()) {
            if (NormLinearPair.at(s).isPresent()) {
                qs.put(s, uniform.create(s, new QuantizerConfig(bits, Granularity.PER_CHANNEL, false, "percentile-mse",
                        0, Map.of())));
            } else if (s.role() == SiteRole.QKV_WEIGHT || s.role() == SiteRole.FC1_WEIGHT
                    || s.role() == SiteRole.REDUCTION_WEIGHT) {
                qs.put(s, uniform.create(s, new QuantizerConfig(bits, Granularity.PER_CHANNEL, false, "minmax", 0,
                        Map.of())));
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

    private static void assertFinite(VisionModel m) {
        m.weights().forEach((k, t) -> {
            for (float v : t.data()) {
                assertTrue(Float.isFinite(v), k + " has a non-finite value");
            }
        });
    }

    @Test
    void deitTinyFloatFunctionIsUnchanged() {
        VisionModel m = Shared.model(DEIT);
        Tensor x = Shared.tensor(DEIT_GOLDEN, "input");
        CompiledModel cm = CompiledModel.build(m);
        Map<QuantSite, TensorQuantizer> qs = fitPostLn(cm, x, 4);
        Tensor before = cm.forward(x);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), qs);
        VisionModel r = new LayerNormReparameterization().apply(m, ctx);
        assertFinite(r);
        Tensor after = CompiledModel.build(r).forward(x);
        double diff = Shared.maxAbsDiff(before, after);
        System.out.println("repq.layernorm DeiT-T: max |logit difference| on the 8 golden inputs = " + diff);
        assertTrue(diff <= 1e-4, "max abs logit difference " + diff);
        assertEquals(24, ctx.replaced().size());
        assertEquals(24, ctx.refits().size());
        assertTrue(ctx.refits().stream().allMatch(s -> s.role() == SiteRole.QKV_WEIGHT || s.role() == SiteRole.FC1_WEIGHT));
    }

    @Test
    void deitTinyConstantChannelsDoNotDragTheMeanScale() {
        VisionModel m = Shared.model(DEIT);
        Tensor x = Shared.tensor(DEIT_GOLDEN, "input");
        CompiledModel cm = CompiledModel.build(m);
        Map<QuantSite, TensorQuantizer> qs = fitPostLn(cm, x, 4);
        Map<QuantSite, QuantParams> perChannel = new LinkedHashMap<>();
        qs.forEach((s, q) -> {
            if (!s.role().isWeight()) {
                perChannel.put(s, q.params());
            }
        });
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), qs);
        new LayerNormReparameterization().apply(m, ctx);
        check(ctx, perChannel, m, new QuantSite("blocks.0", SiteRole.FC1_INPUT), "blocks.0.norm2.weight", 189);
        check(ctx, perChannel, m, new QuantSite("blocks.1", SiteRole.QKV_INPUT), "blocks.1.norm1.weight", 131);
    }

    private static void check(MapReparameterizationContext ctx, Map<QuantSite, QuantParams> perChannel, VisionModel m, QuantSite site,
                              String gammaKey, int constant) {
        float[] gamma = m.weight(gammaKey).data();
        assertEquals(0f, gamma[constant], gammaKey + " channel " + constant + " should be 0 in this checkpoint");
        QuantParams before = perChannel.get(site);
        TensorQuantizer after = ctx.replaced().get(site);
        assertInstanceOf(FixedUniformQuantizer.class, after);
        QuantParams p = after.params();
        @SuppressWarnings("unchecked")
        List<Integer> excluded = (List<Integer>) p.extra().get("excluded_channels");
        assertTrue(excluded.contains(constant), site + " excluded " + excluded);
        double sumS = 0;
        double sumZ = 0;
        int n = 0;
        double allS = 0;
        for (int c = 0; c < gamma.length; c++) {
            allS += before.scale().data()[c];
            if (gamma[c] != 0f) {
                sumS += before.scale().data()[c];
                sumZ += before.zeroPoint().data()[c];
                n++;
            }
        }
        float st = p.scale().data()[0];
        System.out.printf("%s: s̃ = %.6g (mean over all %d channels %.6g), z̃ = %.4f, excluded %s%n", site, st,
                gamma.length, allS / gamma.length, p.zeroPoint().data()[0], excluded);
        assertEquals(sumS / n, st, 1e-6 * st, site + ": s̃ is the mean over the non-degenerate channels");
        assertEquals(sumZ / n, p.zeroPoint().data()[0], 1e-4, site + ": z̃");
        assertTrue(Float.isFinite(st) && st > 0);
        Tensor probe = after.quantize(Tensor.of(new float[] {0f, 1f, -1f, 1e3f}, 1, 1, 4));
        for (float v : probe.data()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void swinMicroFloatFunctionIsUnchangedWithPatchMerging() {
        VisionModel m = Shared.model("golden/swin_micro.weights.safetensors");
        Tensor x = Shared.tensor("golden/swin_micro.io.safetensors", "input");
        CompiledModel cm = CompiledModel.build(m);
        Map<QuantSite, TensorQuantizer> qs = fitPostLn(cm, x, 4);
        Tensor before = cm.forward(x);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), qs);
        VisionModel r = new LayerNormReparameterization().apply(m, ctx);
        assertFinite(r);
        long reductions = ctx.replaced().keySet().stream().filter(s -> s.role() == SiteRole.REDUCTION_INPUT).count();
        assertTrue(reductions > 0, "the micro model has patch merging");
        assertTrue(r.weights().containsKey("layers.1.downsample.reduction.bias"));
        Tensor after = CompiledModel.build(r).forward(x);
        double diff = Shared.maxAbsDiff(before, after);
        System.out.println("repq.layernorm swin_micro: max |logit difference| = " + diff);
        assertTrue(diff <= 1e-4, "max abs logit difference " + diff);
    }

    /** Sanity of the per-tensor replacement itself: finite outputs on random post-LN-like data. */
    @Test
    void replacedQuantizersQuantizeFinitely() {
        VisionModel m = Shared.model(DEIT);
        Tensor x = Shared.tensor(DEIT_GOLDEN, "input");
        CompiledModel cm = CompiledModel.build(m);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitPostLn(cm, x, 4));
        new LayerNormReparameterization().apply(m, ctx);
        Random rnd = new Random(0);
        float[] v = new float[192 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * 3);
        }
        for (TensorQuantizer q : ctx.replaced().values()) {
            for (float y : q.quantize(Tensor.of(v, 1, 3, 192)).data()) {
                assertTrue(Float.isFinite(y), q.toString());
            }
        }
    }
}
