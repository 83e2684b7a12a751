package io.qvit.plugins.mptq;

import io.qvit.testsupport.MapReparameterizationContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.plugins.uniform.UniformQuantizer;
import io.qvit.runtime.CompiledModel;
import io.qvit.testsupport.MicroVit;
import io.qvit.toolkit.layout.NormLinearPair;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mptq.sqb} keeps the float function (DeiT-T on the golden inputs, and a random micro ViT),
 * re-centres the post-LayerNorm channels, and hands the sites per-tensor quantizers.
 */
class SmoothQuantBiasTest {
    @TempDir
    Path dir;

    /** Per-channel 4-bit uniform quantizers (init {@code init}) at every post-LayerNorm site, fitted on {@code x}. */
    static Map<QuantSite, TensorQuantizer> fitPostLn(CompiledModel model, Tensor x, String init) {
        Map<QuantSite, TensorQuantizer> qs = new LinkedHashMap<>();
        UniformQuantizer uniform = new UniformQuantizer();
        for (QuantSite s : model.sites()) {
            if (NormLinearPair.at(s).isPresent()) {
                qs.put(s, uniform.create(s, new QuantizerConfig(4, Granularity.PER_CHANNEL, false, init, 0, Map.of())));
            } else if (s.role() == SiteRole.QKV_WEIGHT || s.role() == SiteRole.FC1_WEIGHT) {
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

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void deitTinyFloatFunctionIsKeptOnTheGoldens() {
        VisionModel m = Shared.model("data/models/deit_tiny_patch16_224.safetensors");
        Tensor x = Shared.tensor("golden/deit_tiny_patch16_224.sample8.safetensors", "input");
        CompiledModel cm = CompiledModel.build(m);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitPostLn(cm, x, "percentile"));
        Tensor before = cm.forward(x);
        VisionModel r = new SmoothQuantBias().apply(m, ctx);
        double diff = Shared.maxAbsDiff(before, CompiledModel.build(r).forward(x));
        System.out.println("mptq.sqb DeiT-T: max |logit difference| on the 8 golden inputs = " + diff);
        assertTrue(diff <= 1e-4, "max abs logit difference " + diff);
        assertEquals(24, ctx.replaced().size());
        assertEquals(24, ctx.refits().size());
    }

    @Test
    void microVitFloatFunctionIsKeptAndChannelsAreCentred() throws Exception {
        VisionModel m = new TimmModelLoader().load(MicroVit.SMALL.write(dir.resolve("m.safetensors"), 5), null);
        Random rnd = new Random(1);
        float[] v = new float[4 * 3 * 32 * 32];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        Tensor x = Tensor.of(v, 4, 3, 32, 32);
        CompiledModel cm = CompiledModel.build(m);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), fitPostLn(cm, x, "minmax"));
        Tensor before = cm.forward(x);
        VisionModel r = new SmoothQuantBias().apply(m, ctx);
        CompiledModel after = CompiledModel.build(r);
        double diff = Shared.maxAbsDiff(before, after.forward(x));
        assertTrue(diff <= 1e-4 * Math.max(1, maxAbs(before)), "max abs logit difference " + diff);
        assertEquals(4, ctx.replaced().size());
        Map<QuantSite, float[][]> ranges = new HashMap<>();
        after.forward(x, (site, a) -> {
            if (NormLinearPair.at(site).isPresent()) {
                int c = a.dim(a.rank() - 1);
                float[][] lh = new float[2][c];
                java.util.Arrays.fill(lh[0], Float.POSITIVE_INFINITY);
                java.util.Arrays.fill(lh[1], Float.NEGATIVE_INFINITY);
                float[] d = a.data();
                for (int i = 0; i < d.length; i++) {
                    lh[0][i % c] = Math.min(lh[0][i % c], d[i]);
                    lh[1][i % c] = Math.max(lh[1][i % c], d[i]);
                }
                ranges.put(site, lh);
            }
            return a;
        });
        for (Map.Entry<QuantSite, float[][]> e : ranges.entrySet()) {
            float[][] lh = e.getValue();
            for (int c = 0; c < lh[0].length; c++) {
                double centre = (lh[0][c] + lh[1][c]) / 2;
                double half = (lh[1][c] - lh[0][c]) / 2;
                assertTrue(Math.abs(centre) <= 0.1 * half + 1e-6, e.getKey() + " channel " + c + " centre " + centre
                        + " half-range " + half);
            }
            TensorQuantizer q = ctx.replaced().get(e.getKey());
            assertInstanceOf(OptmTensorQuantizer.class, q);
            assertEquals(Granularity.PER_TENSOR, q.params().granularity());
            assertEquals(0, q.params().extra().get("ratio_exponent"), "a symmetric grid on the centred channels");
        }
    }

    @Test
    void sitesWithoutPerChannelQuantizersAreLeftAlone() throws Exception {
        VisionModel m = new TimmModelLoader().load(MicroVit.SMALL.write(dir.resolve("m.safetensors"), 5), null);
        CompiledModel cm = CompiledModel.build(m);
        MapReparameterizationContext ctx = new MapReparameterizationContext(cm.sites(), Map.of());
        VisionModel r = new SmoothQuantBias().apply(m, ctx);
        assertTrue(ctx.replaced().isEmpty());
        m.weights().forEach((k, t) -> assertTrue(r.weight(k) == t, k + " must be untouched"));
    }
}
