package io.qvit.engine.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.testsupport.MicroVit;
import io.qvit.runtime.CompiledModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerFitting} on a random-weight micro ViT built in the test: which layers a {@link LayerFitted} quantizer
 * is shown, with which operands, and that nothing happens without one.
 */
class LayerFittingTest {

    /** Identity quantizer recording the layers it is asked to fit. */
    private static final class Recording implements TensorQuantizer, LayerFitted {
        final List<String> seen = new ArrayList<>();
        final boolean layerFitted;

        Recording(boolean layerFitted) {
            this.layerFitted = layerFitted;
        }

        @Override
        public void fit(LayerView v) {
            seen.add(v.site().role().key() + ":" + v.leftSite().role().key() + "*" + v.rightSite().role().key()
                    + (v.rightTransposed() ? "T" : "") + (v.bias().isPresent() ? "+b" : "") + " "
                    + java.util.Arrays.toString(v.left().shape()) + " " + java.util.Arrays.toString(v.right().shape()));
        }

        @Override
        public void observe(Tensor t) {
        }

        @Override
        public void fit() {
        }

        @Override
        public boolean fitted() {
            return true;
        }

        @Override
        public Tensor quantize(Tensor t) {
            return t.copy();
        }

        @Override
        public QuantParams params() {
            return new QuantParams(8, Granularity.PER_TENSOR, Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {0}, 1),
                    Map.of());
        }
    }

    /** A recording quantizer that does not implement {@link LayerFitted}. */
    private static final class Plain implements TensorQuantizer {
        private final Recording r = new Recording(false);

        @Override
        public void observe(Tensor t) {
        }

        @Override
        public void fit() {
        }

        @Override
        public boolean fitted() {
            return true;
        }

        @Override
        public Tensor quantize(Tensor t) {
            return r.quantize(t);
        }

        @Override
        public QuantParams params() {
            return r.params();
        }
    }

    private static CompiledModel micro() throws Exception {
        Path weights = new MicroVit(64, 8, 48, 3, 3, 10).write(Files.createTempFile("micro", ".safetensors"), 3);
        weights.toFile().deleteOnExit();
        VisionModel m = new TimmModelLoader().load(weights, null);
        return CompiledModel.build(m);
    }

    private static Tensor images(CompiledModel m, int n) {
        int size = m.config().imageSize();
        Random r = new Random(2);
        float[] x = new float[n * 3 * size * size];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Tensor.of(x, n, 3, size, size);
    }

    @Test
    void everyLinearLayerAndAttentionMatmulIsShownOnceToOneOperand() throws Exception {
        CompiledModel m = micro();
        Map<QuantSite, TensorQuantizer> weights = new LinkedHashMap<>();
        Map<QuantSite, TensorQuantizer> acts = new LinkedHashMap<>();
        Recording weightSide = new Recording(true);
        Recording inputSide = new Recording(true);
        for (QuantSite s : m.sites()) {
            if (s.role().isWeight()) {
                weights.put(s, weightSide);
            } else if (s.role() == SiteRole.QKV_INPUT) {
                acts.put(s, new Plain());
            } else {
                acts.put(s, inputSide);
            }
        }
        QuantizedModel q = new QuantizedModel(m, List.of(), weights, acts);
        QuantizedModel fitted = LayerFitting.fit(m, q, images(m, 2), 0L);
        assertNotSame(q, fitted);
        int blocks = m.config().depth();
        int h = m.config().numHeads();
        int d = m.config().embedDim();
        int t = m.config().gridSize() * m.config().gridSize() + 1;
        String hd = "[2, " + h + ", " + t + ", " + (d / h) + "]";
        String tt = "[2, " + h + ", " + t + ", " + t + "]";
        assertEquals(blocks, weightSide.seen.size(), "qkv: the post-LN input is not LayerFitted, the weight is asked");
        assertEquals("qkv.weight:qkv.input*qkv.weightT+b [2, " + t + ", " + d + "] [" + 3 * d + ", " + d + "]",
                weightSide.seen.get(0));
        List<String> first = inputSide.seen.subList(0, 5);
        assertEquals(List.of(
                "attn.q:attn.q*attn.kT " + hd + " " + hd,
                "attn.probs:attn.probs*attn.v " + tt + " " + hd,
                "proj.input:proj.input*proj.weightT+b [2, " + t + ", " + d + "] [" + d + ", " + d + "]",
                "fc1.input:fc1.input*fc1.weightT+b [2, " + t + ", " + d + "] [" + (int) (d * m.config().mlpRatio()) + ", " + d + "]",
                "fc2.input:fc2.input*fc2.weightT+b [2, " + t + ", " + (int) (d * m.config().mlpRatio()) + "] [" + d + ", "
                        + (int) (d * m.config().mlpRatio()) + "]"), first);
        assertEquals(5 * blocks + 1, inputSide.seen.size(), "five per block and the head; never the patch embedding");
        assertTrue(inputSide.seen.get(5 * blocks).startsWith("head.input:head.input*head.weightT+b [2, " + d + "]"),
                inputSide.seen.get(5 * blocks));
        assertArrayEquals(m.forward(images(m, 1)).data(), fitted.forward(images(m, 1)).data(),
                "identity quantizers: the re-quantized model is the float model");
    }

    @Test
    void withoutLayerFittedQuantizersNothingRuns() throws Exception {
        CompiledModel m = micro();
        Map<QuantSite, TensorQuantizer> all = new LinkedHashMap<>();
        for (QuantSite s : m.sites()) {
            all.put(s, new Plain());
        }
        Map<QuantSite, TensorQuantizer> weights = new LinkedHashMap<>();
        Map<QuantSite, TensorQuantizer> acts = new LinkedHashMap<>();
        all.forEach((s, q) -> (s.role().isWeight() ? weights : acts).put(s, q));
        QuantizedModel q = new QuantizedModel(m, List.of(), weights, acts);
        assertSame(q, LayerFitting.fit(m, q, images(m, 1), 0L));
        assertFalse(all.isEmpty());
    }
}
