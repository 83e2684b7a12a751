package io.qvit.plugins.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.Throughput;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 ONNX graph run by ONNX Runtime (all optimizations on) against qvit's float32 runtime
 * and timm's logits: within 1e-3, on random-weight micro models built here and on the shared
 * micro goldens.
 */
class Float32ParityTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = ArchitectureFamily.class, names = {"VIT", "DEIT_DISTILLED"})
    void randomMicroModelMatchesQvit(ArchitectureFamily family) throws Exception {
        VisionModel m = Fixtures.randomModel(family, 7);
        CompiledModel qvit = Fixtures.compile(m);
        Tensor images = Throughput.randomImages(m.config(), 5);
        Path file = Fixtures.export(CalibratedModel.float32(m, Map.of()), false, dir.resolve("m.fp32.onnx"));
        try (InferenceSession s = Fixtures.open(file, 2)) {
            Tensor ort = s.run(images);
            double d = Fixtures.maxAbsDiff(ort, qvit.forward(images));
            System.out.printf("float32 %s: max |ORT - qvit| = %.3g (max |logit| %.3g)%n", family, d, Fixtures.maxAbs(ort));
            assertTrue(d <= 1e-3, "max |ORT - qvit| = " + d);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit_micro", "deit_micro_distilled"})
    void sharedMicroGoldensMatchTimmAndQvit(String name) throws Exception {
        Path weights = Fixtures.shared("golden/" + name + ".weights.safetensors");
        Map<String, Tensor> io = SafetensorsFile.open(Fixtures.shared("golden/" + name + ".io.safetensors")).readAll();
        VisionModel m = new TimmModelLoader().load(weights, null);
        Path file = Fixtures.export(CalibratedModel.float32(m, Map.of()), false, dir.resolve(name + ".onnx"));
        try (InferenceSession s = Fixtures.open(file, 2)) {
            Tensor ort = s.run(io.get("input"));
            double timm = Fixtures.maxAbsDiff(ort, io.get("logits"));
            double qvit = Fixtures.maxAbsDiff(ort, Fixtures.compile(m).forward(io.get("input")));
            System.out.printf("float32 %s: max |ORT - timm| = %.3g, max |ORT - qvit| = %.3g%n", name, timm, qvit);
            assertTrue(timm <= 1e-3, "max |ORT - timm| = " + timm);
            assertTrue(qvit <= 1e-3, "max |ORT - qvit| = " + qvit);
        }
    }
}
