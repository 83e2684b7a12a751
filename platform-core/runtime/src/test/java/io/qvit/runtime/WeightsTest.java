package io.qvit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weight validation, weight sites and weight replacement. */
class WeightsTest {

    @Test
    void validationNamesEveryMissingMisShapedAndUnexpectedTensor() {
        VisionModel m = Goldens.model("golden/vit_micro.weights.safetensors");
        Map<String, Tensor> w = new LinkedHashMap<>(m.weights());
        w.remove("blocks.1.attn.qkv.bias");
        w.remove("norm.weight");
        w.put("blocks.0.mlp.fc1.weight", Tensor.zeros(384, 95));
        w.put("blocks.2.attn.proj.bias", Tensor.zeros(97));
        w.put("blocks.9.extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CompiledModel.build(m.withWeights(w)));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(m.config().architecture() + ": "), msg);
        assertTrue(msg.contains("missing blocks.1.attn.qkv.bias"), msg);
        assertTrue(msg.contains("missing norm.weight"), msg);
        assertTrue(msg.contains("blocks.0.mlp.fc1.weight has shape [384, 95], expected [384, 96]"), msg);
        assertTrue(msg.contains("blocks.2.attn.proj.bias has shape [97], expected [96]"), msg);
        assertTrue(msg.contains("unexpected blocks.9.extra"), msg);
    }

    @Test
    void swinValidationAcceptsRecomputedBuffersAndExplainsTheOldLayout() {
        VisionModel m = Goldens.model("golden/swin_micro.weights.safetensors");
        Map<String, Tensor> w = new LinkedHashMap<>(m.weights());
        w.put("layers.0.blocks.1.attn.relative_position_index", Tensor.zeros(49, 49));
        w.put("layers.0.blocks.1.attn_mask", Tensor.zeros(16, 49, 49));
        CompiledModel.build(m.withWeights(w), new RuntimeOptions(1));
        Tensor red = w.remove("layers.1.downsample.reduction.weight");
        w.put("layers.0.downsample.reduction.weight", red);
        String msg = assertThrows(IllegalArgumentException.class, () -> CompiledModel.build(m.withWeights(w)))
                .getMessage();
        assertTrue(msg.contains("missing layers.1.downsample.reduction.weight"), msg);
        assertTrue(msg.contains("unexpected layers.0.downsample.reduction.weight"), msg);
        assertTrue(msg.contains("timm < 0.9"), msg);
    }

    @Test
    void swinReductionTakesAnOptionalBias() {
        VisionModel m = Goldens.model("golden/swin_micro.weights.safetensors");
        Tensor x = Goldens.tensors("golden/swin_micro.io.safetensors").get("input");
        Tensor plain = CompiledModel.build(m, new RuntimeOptions(1)).forward(x);
        int out = m.weight("layers.1.downsample.reduction.weight").dim(0);
        Map<String, Tensor> w = new LinkedHashMap<>(m.weights());
        w.put("layers.1.downsample.reduction.bias", Tensor.zeros(out));
        Tensor zeroBias = CompiledModel.build(m.withWeights(w), new RuntimeOptions(1)).forward(x);
        assertEquals(0.0, Goldens.maxAbsDiff(plain, zeroBias), "a zero bias changes nothing");
        float[] b = new float[out];
        b[0] = 1f;
        w.put("layers.1.downsample.reduction.bias", Tensor.of(b, out));
        Tensor shifted = CompiledModel.build(m.withWeights(w), new RuntimeOptions(1)).forward(x);
        assertNotEquals(0.0, Goldens.maxAbsDiff(plain, shifted), "the bias is applied");
        w.put("layers.1.downsample.reduction.bias", Tensor.zeros(out + 1));
        String msg = assertThrows(IllegalArgumentException.class, () -> CompiledModel.build(m.withWeights(w)))
                .getMessage();
        assertTrue(msg.contains("layers.1.downsample.reduction.bias has shape [" + (out + 1) + "], expected [" + out + "]"),
                msg);
    }

    @Test
    void expectedWeightsAreExactlyTheCheckpointsTensors() {
        for (String f : List.of("golden/vit_micro.weights.safetensors", "golden/deit_micro_distilled.weights.safetensors",
                "golden/swin_micro.weights.safetensors")) {
            VisionModel m = Goldens.model(f);
            Map<String, List<Integer>> expected = CompiledModel.expectedWeights(m.config());
            assertEquals(m.weights().keySet(), expected.keySet(), f);
            expected.forEach((k, s) -> assertEquals(s, Arrays.stream(m.weight(k).shape()).boxed().toList(), k));
        }
    }

    @Test
    void weightSitesNameCheckpointTensorsInOrder() {
        CompiledModel vit = CompiledModel.build(Goldens.model("golden/deit_micro_distilled.weights.safetensors"),
                new RuntimeOptions(1));
        List<WeightSite> ws = vit.weightSites();
        assertEquals(new QuantSite("", SiteRole.PATCH_EMBED_WEIGHT), ws.get(0).site());
        assertEquals("patch_embed.proj.weight", ws.get(0).key());
        assertEquals(List.of(96, 3, 16, 16), ws.get(0).shape());
        assertEquals("blocks.0.attn.qkv.weight", ws.get(1).key());
        assertEquals("blocks.0.qkv.weight", ws.get(1).site().id());
        assertEquals("head_dist.weight", ws.get(ws.size() - 1).key());
        assertEquals(1 + 2 * 4 + 2, ws.size());
        List<QuantSite> weightsInOrder = vit.sites().stream().filter(s -> s.role().isWeight()).toList();
        assertEquals(weightsInOrder, ws.stream().map(WeightSite::site).toList());

        CompiledModel swin = CompiledModel.build(Goldens.model("golden/swin_micro.weights.safetensors"),
                new RuntimeOptions(1));
        assertTrue(swin.weightSites().stream().anyMatch(w -> w.key().equals("layers.1.downsample.reduction.weight")
                && w.site().id().equals("layers.1.downsample.reduction.weight")));
        assertEquals("head.fc.weight", swin.weightSites().get(swin.weightSites().size() - 1).key());
        for (WeightSite w : swin.weightSites()) {
            assertTrue(swin.model().weights().containsKey(w.key()), w.key());
        }
    }

    @Test
    void withWeightsRebuildsWithReplacedTensors() {
        VisionModel m = Goldens.model("golden/vit_micro.weights.safetensors");
        Tensor x = Goldens.tensors("golden/vit_micro.io.safetensors").get("input");
        CompiledModel model = CompiledModel.build(m, new RuntimeOptions(2));
        Tensor reference = model.forward(x);
        String key = model.weightSites().get(3).key();
        assertEquals(reference, model.withWeights(Map.of(key, m.weight(key).copy())).forward(x));
        CompiledModel changed = model.withWeights(Map.of(key, Tensor.zeros(m.weight(key).shape())));
        assertNotEquals(reference, changed.forward(x));
        assertEquals(reference, model.forward(x), "the original model is unchanged");
        assertThrows(IllegalArgumentException.class, () -> model.withWeights(Map.of("nope", Tensor.zeros(1))));
        assertThrows(IllegalArgumentException.class, () -> model.withWeights(Map.of(key, Tensor.zeros(1))));
    }

    @Test
    void flopsCountMatchesTheKnownDeitTinyFigure() {
        CompiledModel m = CompiledModel.build(Goldens.model("data/models/deit_tiny_patch16_224.safetensors"),
                new RuntimeOptions(1));
        // timm/fvcore report 1.26 GMACs for DeiT-T at 224: 2.5 GFLOP with 2 FLOPs per multiply-add.
        double gflop = m.flopsPerImage() / 1e9;
        assertTrue(gflop > 2.45 && gflop < 2.6, "DeiT-T GFLOP " + gflop);
    }
}
