package io.qvit.plugins.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.plugins.onnx.OnnxExporter;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.Throughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QDQ graph of a W8A8 uniform calibration run by ONNX Runtime against qvit's fake-quant
 * simulation of the same calibration: the same top-1 and logits within a small fraction of their
 * range (the two differ at rounding ties only, see {@link SiteBySiteParityTest}; each tie flip moves
 * an element by a whole step, more often the more elements a model quantizes).
 */
class QdqParityTest {
    @TempDir
    Path dir;

    private record Case(CompiledModel reference, QuantizedModel quantized, CalibratedModel deployable) {
    }

    private static Case calibrate(VisionModel m, Tensor calibration, String init) {
        CompiledModel reference = Fixtures.compile(m);
        QuantizedModel q = Fixtures.calibrate(reference, calibration, init);
        return new Case(reference, q, Fixtures.deployable(reference, q));
    }

    @ParameterizedTest
    @EnumSource(value = ArchitectureFamily.class, names = {"VIT", "DEIT_DISTILLED"})
    void randomMicroModelAgreesWithFakeQuant(ArchitectureFamily family) throws Exception {
        VisionModel m = Fixtures.randomModel(family, 11);
        Case c = calibrate(m, Throughput.randomImages(m.config(), 16), "percentile");
        Tensor images = Throughput.randomImages(m.config(), 64);
        compare(family.toString(), c, images, 0.97);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit_micro", "deit_micro_distilled"})
    void sharedMicroGoldensAgreeWithFakeQuant(String name) throws Exception {
        Path weights = Fixtures.shared("golden/" + name + ".weights.safetensors");
        Tensor input = SafetensorsFile.open(Fixtures.shared("golden/" + name + ".io.safetensors")).readAll().get("input");
        VisionModel m = new TimmModelLoader().load(weights, null);
        compare(name, calibrate(m, input, "minmax"), input, 1.0);
    }

    private void compare(String label, Case c, Tensor images, double minAgreement) throws Exception {
        Map<String, String> forms = new LinkedHashMap<>();
        Path file = dir.resolve(label + ".onnx");
        Files.write(file, OnnxExporter.graph(c.deployable(), true, forms));
        // Linear inputs and weights are 8-bit QDQ; a site whose zero point lies outside the codes (micro
        // models: attention probabilities whose minimum is far from 0) becomes an exact float sub-graph.
        forms.forEach((site, form) -> assertTrue(form.startsWith("qdq-") || form.startsWith("dq-")
                || site.endsWith("attn.probs") && form.equals("float-exact"), site + ": " + form));
        try (InferenceSession s = Fixtures.open(file, 2)) {
            Tensor ort = s.run(images);
            Tensor fq = c.quantized().forward(images);
            int[] a = Fixtures.top1(ort);
            int[] b = Fixtures.top1(fq);
            int same = 0;
            for (int i = 0; i < a.length; i++) {
                same += a[i] == b[i] ? 1 : 0;
            }
            double agreement = (double) same / a.length;
            double d = Fixtures.maxAbsDiff(ort, fq) / Fixtures.maxAbs(fq);
            System.out.printf("QDQ %s: top-1 agreement with fake-quant %d/%d, max |ORT - fake-quant| / max |logit| = %.3g; "
                    + "%d sites%n", label, same, a.length, d, forms.size());
            assertTrue(agreement >= minAgreement, "agreement " + agreement);
            assertTrue(d <= 0.05, "relative logit difference " + d);
        }
    }

    @Test
    void optimizedGraphSavedByOnnxRuntimeReloadsAndGivesTheSameLogits() throws Exception {
        VisionModel m = Fixtures.randomModel(ArchitectureFamily.VIT, 3);
        Case c = calibrate(m, Throughput.randomImages(m.config(), 8), "minmax");
        Path file = Fixtures.export(c.deployable(), true, dir.resolve("q.onnx"));
        Path optimized = dir.resolve("q.optimized.onnx");
        Tensor images = Throughput.randomImages(m.config(), 4);
        Tensor first;
        try (InferenceSession s = new OnnxRuntimeBackend().open(file, new BackendOptions(1,
                Map.of("optimized_model", optimized.toString())))) {
            first = s.run(images);
        }
        assertTrue(Files.size(optimized) > 0);
        try (InferenceSession s = Fixtures.open(file, 1); InferenceSession o = Fixtures.open(optimized, 1)) {
            Tensor again = s.run(images);
            assertArrayEquals(first.data(), again.data(), "same file, same logits");
            Tensor reloaded = o.run(images);
            assertEquals(0.0, Fixtures.maxAbsDiff(first, reloaded), 1e-6, "optimized graph reloaded");
        }
    }
}
