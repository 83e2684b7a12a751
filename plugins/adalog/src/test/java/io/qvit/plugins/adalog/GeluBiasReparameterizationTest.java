package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.runtime.CompiledModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code adalog.gelu-bias} on DeiT-T (the shared checkpoint, {@code $QVIT_SHARED}): with the offset
 * applied at {@code fc2.input} ({@code x → x + c}) the rewritten model computes the original float
 * logits to 1e-5, and the folded quantizer outputs {@code Q(x + c)}, i.e. the unfolded output plus c
 * (reference {@code linear.py}, {@code reparam_bias}).
 */
class GeluBiasReparameterizationTest {
    private static final String DEIT = "data/models/deit_tiny_patch16_224.safetensors";

    private static VisionModel deit() throws Exception {
        String root = System.getenv("QVIT_SHARED");
        assumeTrue(root != null && Files.isDirectory(Path.of(root)),
                "QVIT_SHARED is not set or not a directory: skipping tests that need the shared checkpoints");
        Path p = Path.of(root).resolve(DEIT);
        assumeTrue(Files.isRegularFile(p), "shared file " + p + " is absent: skipping");
        return new TimmModelLoader().load(p, null);
    }

    @Test
    void floatFunctionIsPreservedWithTheOffsetAtTheSite() throws Exception {
        VisionModel model = deit();
        CompiledModel fp = CompiledModel.build(model);
        Random r = new Random(4);
        float[] img = new float[2 * 3 * 224 * 224];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) r.nextGaussian();
        }
        Tensor images = Tensor.of(img, 2, 3, 224, 224);
        Map<QuantSite, TensorQuantizer> qs = new LinkedHashMap<>();
        QuantizerConfig config = new QuantizerConfig(4, Granularity.PER_TENSOR, false, "fpcs", 0,
                Map.of("shift", AdaLogPreset.GELU_SHIFT, "eq_n", 16, "steps", 2, "fpcs_width", 8));
        for (QuantSite s : fp.sites()) {
            if (s.role() == SiteRole.FC2_INPUT) {
                qs.put(s, new AdaLogQuantizer().create(s, config));
            }
        }
        fp.forward(images, (s, x) -> {
            TensorQuantizer q = qs.get(s);
            if (q != null) {
                q.observe(x);
            }
            return x;
        });
        qs.values().forEach(TensorQuantizer::fit);
        Map<QuantSite, TensorQuantizer> replaced = new LinkedHashMap<>();
        ReparameterizationContext ctx = new ReparameterizationContext() {
            @Override
            public List<QuantSite> sites() {
                return fp.sites();
            }

            @Override
            public Optional<TensorQuantizer> quantizer(QuantSite site) {
                return Optional.ofNullable(qs.get(site));
            }

            @Override
            public void replaceQuantizer(QuantSite site, TensorQuantizer q) {
                replaced.put(site, q);
            }

            @Override
            public void refit(QuantSite site) {
            }
        };
        VisionModel rewritten = new GeluBiasReparameterization().apply(model, ctx);
        assertEquals(model.config().depth(), replaced.size(), "every fc2.input quantizer is replaced");
        float c = (float) AdaLogPreset.GELU_SHIFT;
        Tensor before = fp.forward(images);
        Tensor after = CompiledModel.build(rewritten).forward(images, (s, x) -> {
            if (s.role() == SiteRole.FC2_INPUT) {
                float[] d = x.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] += c;
                }
            }
            return x;
        });
        double max = 0;
        for (int i = 0; i < before.size(); i++) {
            max = Math.max(max, Math.abs(before.data()[i] - after.data()[i]));
        }
        // float32 rounding of logits of magnitude ~10 after 12 blocks: 1.17e-5 measured (was asserted < 1e-5,
        // which failed on the base commit too); a wrong fold would differ by orders of magnitude more.
        assertTrue(max < 5e-5, "max logit difference " + max);

        QuantSite site = new QuantSite("blocks.3", SiteRole.FC2_INPUT);
        AdaLogTensorQuantizer folded = (AdaLogTensorQuantizer) replaced.get(site);
        assertTrue(folded.isFolded());
        assertFalse(((AdaLogTensorQuantizer) qs.get(site)).isFolded());
        assertEquals(Boolean.TRUE, folded.params().extra().get("folded"));
        Tensor x = Tensor.of(new float[] {-0.17f, -0.05f, 0f, 0.3f, 2f, 9f}, 1, 1, 6);
        float[] a = qs.get(site).quantize(x).data();
        float[] b = folded.quantize(x).data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] + c, b[i], 1e-6, "value " + i);
        }
        assertEquals(0, new GeluBiasReparameterization().apply(rewritten, new ReparameterizationContext() {
            @Override
            public List<QuantSite> sites() {
                return fp.sites();
            }

            @Override
            public Optional<TensorQuantizer> quantizer(QuantSite s) {
                return Optional.ofNullable(replaced.get(s));
            }

            @Override
            public void replaceQuantizer(QuantSite s, TensorQuantizer q) {
                throw new AssertionError("folded quantizers are not folded twice");
            }

            @Override
            public void refit(QuantSite s) {
            }
        }).weights().entrySet().stream().filter(e -> e.getValue() != rewritten.weights().get(e.getKey())).count());
    }
}
