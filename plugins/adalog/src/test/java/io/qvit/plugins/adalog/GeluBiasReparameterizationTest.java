package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return new TimmModelLoader().load(io.qvit.testsupport.SharedData.file(DEIT), null);
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
        double maxLogit = 0;
        for (int i = 0; i < before.size(); i++) {
            max = Math.max(max, Math.abs(before.data()[i] - after.data()[i]));
            maxLogit = Math.max(maxLogit, Math.abs(before.data()[i]));
        }
        // The two forms agree in exact arithmetic; float32 rounds x + c (relative u = 2^-24 per element)
        // and regroups fc2's k-term sums (bias b - W·c instead of b), moving each fc2 output by about
        // sqrt(k)·u of its magnitude (rounding errors add like a random walk). The depth fc2 layers add
        // such perturbations to the residual stream, which LayerNorm and the head carry to the logits
        // without amplification beyond their scale: bound depth·sqrt(k)·u·max|logit| (DeiT-T: 12·sqrt(768)·u·|z|,
        // about 2e-5 of the largest logit). It follows from the arithmetic, not from one machine's result.
        int k = (int) Math.round(model.config().embedDim() * model.config().mlpRatio());
        double bound = model.config().depth() * Math.sqrt(k) * 0x1p-24 * maxLogit;
        assertTrue(max < bound, "max logit difference " + max + " above the rounding bound " + bound);

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
