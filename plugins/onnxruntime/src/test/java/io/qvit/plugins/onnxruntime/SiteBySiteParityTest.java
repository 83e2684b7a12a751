package io.qvit.plugins.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.UlpJitter;
import io.qvit.plugins.loader.timm.SafetensorsFile;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.plugins.onnx.OnnxExporter;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.Throughput;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QDQ graph run by ONNX Runtime with all optimizations (fused {@code MatMulIntegerToFloat},
 * {@code QLinearMatMul}, {@code BiasGelu}) against qvit's fake-quant simulation, site by site: qvit
 * continues at every site from ONNX Runtime's codes (read from the graph's {@code QuantizeLinear}
 * outputs), so each site compares the two implementations of the operations since the previous sites
 * only. Every code ONNX Runtime chooses differently must be one step away and its input within a
 * float32 rounding error of a rounding boundary (a tie); the fed simulation must end on ONNX
 * Runtime's logits. A misplaced site, a wrong scale, zero point or rounding mode fails this.
 *
 * <p>The whole-model difference (each tie flip moves an element by a whole step and changes the
 * codes of the following sites) is the same as that of qvit with itself under {@link UlpJitter}: see
 * docs/deployment.md.
 */
class SiteBySiteParityTest {
    /** A tie: the pre-quantization value lies within this many steps of a rounding boundary. */
    private static final double TIE = 1e-3;

    @TempDir
    Path dir;

    /** Per site: elements, codes ONNX Runtime chose differently, the largest distance of those from a tie. */
    record SiteDiff(String site, int elements, int flips, double farthestFromTie) {
    }

    record Report(List<SiteDiff> sites, double fedLogitDifference, double maxLogit, Tensor ortLogits) {
        void print(String label) {
            int flips = sites.stream().mapToInt(SiteDiff::flips).sum();
            long elements = sites.stream().mapToLong(SiteDiff::elements).sum();
            double far = sites.stream().mapToDouble(SiteDiff::farthestFromTie).max().orElse(0);
            System.out.printf("site by site %s: %d sites, %d of %d codes differ, all within %.2g step of a tie; "
                    + "fed simulation vs ORT logits %.3g (max |logit| %.3g)%n", label, sites.size(), flips, elements, far,
                    fedLogitDifference, maxLogit);
        }

        void assertExact() {
            for (SiteDiff s : sites) {
                assertTrue(s.farthestFromTie() <= TIE, s.site() + ": a code differs " + s.farthestFromTie()
                        + " steps away from a tie (" + s.flips() + " of " + s.elements() + " codes differ)");
            }
            assertTrue(fedLogitDifference <= 1e-5 * maxLogit, "fed simulation vs ORT logits " + fedLogitDifference);
        }
    }

    /** Runs {@code exported} (its sites as given) in ORT and {@code quantized} fed with ORT's codes. */
    static Report compare(CalibratedModel exported, QuantizedModel quantized, Tensor images, Path file) throws Exception {
        Map<String, String> forms = new LinkedHashMap<>();
        Map<String, String> probes = new LinkedHashMap<>();
        Files.write(file, OnnxExporter.graph(exported, true, forms, probes));
        Map<String, DeploySite> sites = new HashMap<>();
        exported.sites().forEach(d -> sites.put(d.site().id(), d));
        Map<String, float[]> ort = new HashMap<>();
        Tensor ortLogits;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(2);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            long[] dims = {images.dim(0), images.dim(1), images.dim(2), images.dim(3)};
            try (OrtSession s = env.createSession(file.toString(), o);
                 OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(images.data()), dims);
                 OrtSession.Result r = s.run(Map.of("images", in))) {
                for (Map.Entry<String, String> e : probes.entrySet()) {
                    OnnxTensor t = (OnnxTensor) r.get(e.getValue()).orElseThrow();
                    ort.put(e.getKey(), dequantized(t, forms.get(e.getKey()), sites.get(e.getKey()).params()));
                }
                OnnxTensor out = (OnnxTensor) r.get("logits").orElseThrow();
                float[] l = new float[(int) out.getInfo().getNumElements()];
                out.getFloatBuffer().get(l);
                ortLogits = Tensor.of(l, images.dim(0), l.length / images.dim(0));
            }
        }
        List<SiteDiff> diffs = new ArrayList<>();
        Tensor fed = quantized.model().forward(images, (site, x) -> {
            float[] pre = x.data().clone();
            Tensor y = quantized.hook().apply(site, x);
            float[] o = ort.get(site.id());
            if (o == null) {
                return y;
            }
            QuantParams p = sites.get(site.id()).params();
            int flips = 0;
            double far = 0;
            for (int i = 0; i < o.length; i++) {
                float s = p.scale().data()[i % p.scale().size()];
                if (Math.abs(o[i] - y.data()[i]) > 0.5f * s) {
                    flips++;
                    double t = pre[i] / s;
                    double fromTie = Math.abs(t - Math.floor(t) - 0.5);
                    boolean oneStep = Math.abs(Math.abs(o[i] - y.data()[i]) - s) <= 1e-3 * s;
                    far = Math.max(far, oneStep ? fromTie : Double.POSITIVE_INFINITY);
                }
            }
            diffs.add(new SiteDiff(site.id(), o.length, flips, far));
            return Tensor.of(o.clone(), y.shape());
        });
        assertEquals(probes.size(), diffs.size(), "every probed site was reached");
        return new Report(diffs, Fixtures.maxAbsDiff(fed, ortLogits), Fixtures.maxAbs(ortLogits), ortLogits);
    }

    /**
     * ORT's value after a site: its codes dequantized with the site's parameters (per tensor, or per
     * channel on the last axis), or the float value of a {@code float-exact} site.
     */
    private static float[] dequantized(OnnxTensor t, String form, QuantParams p) {
        if (!form.startsWith("qdq-")) {
            float[] v = new float[(int) t.getInfo().getNumElements()];
            t.getFloatBuffer().get(v);
            return v;
        }
        ByteBuffer b = t.getByteBuffer();
        boolean signed = form.equals("qdq-int8");
        float[] s = p.scale().data();
        float[] z = p.zeroPoint().data();
        float[] v = new float[b.remaining()];
        for (int i = 0; i < v.length; i++) {
            int code = signed ? b.get(i) : b.get(i) & 0xff;
            int g = i % s.length;
            v[i] = (code - z[g]) * s[g];
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = ArchitectureFamily.class, names = {"VIT", "DEIT_DISTILLED"})
    void randomMicroModelsMatchSiteBySite(ArchitectureFamily family) throws Exception {
        VisionModel m = Fixtures.randomModel(family, 11);
        CompiledModel reference = Fixtures.compile(m);
        QuantizedModel q = Fixtures.calibrate(reference, Throughput.randomImages(m.config(), 16), "percentile");
        Report r = compare(Fixtures.deployable(reference, q), q, Throughput.randomImages(m.config(), 32),
                dir.resolve("micro.onnx"));
        r.print(family.toString());
        r.assertExact();
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit_tiny_patch16_224", "deit_tiny_patch16_224"})
    void sharedTinyModelsMatchSiteBySite(String arch) throws Exception {
        Path weights = Fixtures.shared("data/models/" + arch + ".safetensors");
        Tensor images = SafetensorsFile.open(Fixtures.shared("golden/" + arch + ".sample8.safetensors")).readAll()
                .get("input");
        VisionModel m = new TimmModelLoader().load(weights, null);
        CompiledModel reference = Fixtures.compile(m);
        QuantizedModel q = Fixtures.calibrate(reference, images, "percentile");
        Report r = compare(Fixtures.deployable(reference, q), q, images, dir.resolve(arch + ".onnx"));
        r.print(arch);
        r.assertExact();
        // The whole-model difference is that of qvit with itself one ulp apart before each site.
        Tensor fq = q.forward(images);
        Tensor jittered = q.model().forward(images, new UlpJitter(q.hook(), 1));
        System.out.printf("  %s whole model: max |ORT - fake-quant| %.3g, max |fake-quant - ulp-jittered fake-quant| %.3g%n",
                arch, Fixtures.maxAbsDiff(r.ortLogits(), fq), Fixtures.maxAbsDiff(jittered, fq));
        assertTrue(Fixtures.maxAbsDiff(jittered, fq) > 0, "one-ulp moves change codes at ties");
    }

    @Test
    void aSiteExportedWithAnotherZeroPointIsCaughtAtThatSite() throws Exception {
        VisionModel m = Fixtures.randomModel(ArchitectureFamily.VIT, 5);
        CompiledModel reference = Fixtures.compile(m);
        QuantizedModel q = Fixtures.calibrate(reference, Throughput.randomImages(m.config(), 8), "minmax");
        CalibratedModel right = Fixtures.deployable(reference, q);
        String target = "blocks.1.fc1.input";
        List<DeploySite> shifted = new ArrayList<>();
        for (DeploySite d : right.sites()) {
            if (d.site().id().equals(target)) {
                QuantParams p = d.params();
                float[] z = p.zeroPoint().data().clone();
                z[0] += z[0] < 255 ? 1 : -1;
                d = new DeploySite(d.site(), d.quantizer(), new QuantParams(p.bits(), p.granularity(), p.scale(),
                        Tensor.of(z, z.length), p.extra()));
            }
            shifted.add(d);
        }
        CalibratedModel wrong = new CalibratedModel(right.floatModel(), right.quantizedModel(), shifted, right.provenance());
        Report r = compare(wrong, q, Throughput.randomImages(m.config(), 8), dir.resolve("wrong.onnx"));
        SiteDiff bad = r.sites().stream().filter(s -> s.farthestFromTie() > TIE).findFirst().orElseThrow();
        assertEquals(target, bad.site(), "the first site that differs beyond a tie");
    }
}
