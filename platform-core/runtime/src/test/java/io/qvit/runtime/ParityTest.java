package io.qvit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Float32 logits against timm's, within 1e-3 absolute, for the real checkpoints and the micro models. */
class ParityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "data/models/deit_tiny_patch16_224.safetensors, golden/deit_tiny_patch16_224.sample8.safetensors",
        "data/models/vit_tiny_patch16_224.safetensors, golden/vit_tiny_patch16_224.sample8.safetensors",
        "golden/vit_micro.weights.safetensors, golden/vit_micro.io.safetensors",
        "golden/deit_micro_distilled.weights.safetensors, golden/deit_micro_distilled.io.safetensors",
        "golden/swin_micro.weights.safetensors, golden/swin_micro.io.safetensors",
    })
    void logitsMatchTimm(String weights, String io) {
        VisionModel model = Goldens.model(weights);
        Map<String, Tensor> golden = Goldens.tensors(io);
        CompiledModel compiled = CompiledModel.build(model, new RuntimeOptions(2));
        Tensor logits = compiled.forward(golden.get("input"));
        double diff = Goldens.maxAbsDiff(logits, golden.get("logits"));
        System.out.printf("parity %-45s max |logits - timm| = %.3g%n", model.config().architecture() + " (" + io + ")", diff);
        assertTrue(diff <= 1e-3, "max abs diff " + diff + " exceeds 1e-3");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "golden/vit_micro.weights.safetensors, golden/vit_micro.io.safetensors",
        "golden/swin_micro.weights.safetensors, golden/swin_micro.io.safetensors",
    })
    void resultDoesNotDependOnThreadCount(String weights, String io) {
        VisionModel model = Goldens.model(weights);
        Tensor input = Goldens.tensors(io).get("input");
        Tensor one = CompiledModel.build(model, new RuntimeOptions(1)).forward(input);
        Tensor three = CompiledModel.build(model, new RuntimeOptions(3)).forward(input);
        assertEquals(one, three);
    }
}
