package io.qvit.plugins.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.Throughput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter's graph structure, site forms, sidecar and refusals (no runtime needed). */
class OnnxExporterTest {
    @TempDir
    Path dir;

    private static VisionModel micro() {
        ModelConfig c = new ModelConfig("vit_test", ArchitectureFamily.VIT, 32, 8, 3, 10, 64, 2, 4, 4.0, true, 1e-6,
                "token", List.of(), List.of(), 0, Preprocessing.imagenetDefault(32));
        return Throughput.randomModel(c, 1);
    }

    private static DeploySite uniform(QuantSite site, float scale, float zero, int qmin, int qmax) {
        return new DeploySite(site, "uniform", new QuantParams(8, Granularity.PER_TENSOR, Tensor.of(new float[] {scale}, 1),
                Tensor.of(new float[] {zero}, 1), Map.of("qmin", qmin, "qmax", qmax)));
    }

    /** Symmetric int8 per-channel weight codes on the grid: the fake-quantized model and its site. */
    private static CalibratedModel withQuantizedQkv(VisionModel m, List<DeploySite> sites) {
        String key = "blocks.0.attn.qkv.weight";
        Tensor w = m.weight(key);
        int rows = w.dim(0);
        int per = w.size() / rows;
        float[] s = new float[rows];
        float[] q = new float[w.size()];
        for (int r = 0; r < rows; r++) {
            s[r] = 0.001f;
            for (int i = 0; i < per; i++) {
                q[r * per + i] = (float) Math.max(-128, Math.min(127, Math.rint(w.data()[r * per + i] / s[r]))) * s[r];
            }
        }
        Map<String, Tensor> weights = new LinkedHashMap<>(m.weights());
        weights.put(key, Tensor.of(q, w.shape()));
        List<DeploySite> all = new ArrayList<>(sites);
        all.add(new DeploySite(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT), "uniform", new QuantParams(8,
                Granularity.PER_CHANNEL, Tensor.of(s, rows), Tensor.of(new float[rows], rows), Map.of("qmin", -128, "qmax", 127))));
        return new CalibratedModel(m, m.withWeights(weights), all, Map.of("experiment", "test"));
    }

    @Test
    void writesQdqFloatAndSidecarWithOneFormPerSite() throws Exception {
        VisionModel m = micro();
        CalibratedModel model = withQuantizedQkv(m, List.of(
                uniform(new QuantSite("blocks.0", SiteRole.QKV_INPUT), 0.02f, 128, 0, 255),
                uniform(new QuantSite("blocks.0", SiteRole.PROJ_INPUT), 0.01f, 0, -128, 127),
                uniform(new QuantSite("blocks.1", SiteRole.FC2_INPUT), 0.01f, 3, 0, 15)));
        ExportedModel out = new OnnxExporter().export(model, dir, Map.of());
        assertEquals(Map.of("blocks.0.qkv.input", "qdq-uint8", "blocks.0.proj.input", "qdq-int8",
                "blocks.1.fc2.input", "float-exact", "blocks.0.qkv.weight", "dq-int8"), out.siteForms());
        Onnx.ModelProto q = Onnx.ModelProto.parseFrom(Files.readAllBytes(out.quantized()));
        Onnx.ModelProto f = Onnx.ModelProto.parseFrom(Files.readAllBytes(out.float32()));
        assertEquals(19, q.getOpsetImport(0).getVersion());
        assertEquals(2, count(q, "QuantizeLinear"));
        assertEquals(3, count(q, "DequantizeLinear"));
        assertEquals(0, count(f, "QuantizeLinear") + count(f, "DequantizeLinear"));
        assertEquals("images", q.getGraph().getInput(0).getName());
        assertEquals("logits", q.getGraph().getOutput(0).getName());
        String sidecar = Files.readString(out.sidecar());
        assertTrue(sidecar.contains("\"site\": \"blocks.1.fc2.input\"") || sidecar.contains("blocks.1.fc2.input"), sidecar);
        assertTrue(sidecar.contains("float-exact"), sidecar);
        assertTrue(sidecar.contains("\"experiment\": \"test\""), sidecar);
    }

    @Test
    void probesExposeEachActivationSiteAsCodesOrFloatsAndLeaveTheModelOtherwiseUnchanged() throws Exception {
        VisionModel m = micro();
        CalibratedModel model = withQuantizedQkv(m, List.of(
                uniform(new QuantSite("blocks.0", SiteRole.QKV_INPUT), 0.02f, 128, 0, 255),
                uniform(new QuantSite("blocks.0", SiteRole.PROJ_INPUT), 0.01f, 0, -128, 127),
                uniform(new QuantSite("blocks.1", SiteRole.FC2_INPUT), 0.01f, 3, 0, 15)));
        Map<String, String> probes = new LinkedHashMap<>();
        Onnx.ModelProto probed = Onnx.ModelProto.parseFrom(OnnxExporter.graph(model, true, new LinkedHashMap<>(), probes));
        Onnx.ModelProto plain = Onnx.ModelProto.parseFrom(OnnxExporter.graph(model, true, new LinkedHashMap<>()));
        assertEquals(List.of("blocks.0.qkv.input", "blocks.0.proj.input", "blocks.1.fc2.input"), List.copyOf(probes.keySet()));
        Map<String, Integer> types = new LinkedHashMap<>();
        probed.getGraph().getOutputList().forEach(o -> types.put(o.getName(), o.getType().getTensorType().getElemType()));
        assertEquals(Onnx.TensorProto.DataType.UINT8.getNumber(), types.get(probes.get("blocks.0.qkv.input")));
        assertEquals(Onnx.TensorProto.DataType.INT8.getNumber(), types.get(probes.get("blocks.0.proj.input")));
        assertEquals(Onnx.TensorProto.DataType.FLOAT.getNumber(), types.get(probes.get("blocks.1.fc2.input")));
        assertEquals("QuantizeLinear", producer(probed, probes.get("blocks.0.qkv.input")));
        assertEquals(4, probed.getGraph().getOutputCount());
        assertEquals(1, plain.getGraph().getOutputCount());
        assertEquals(plain.getGraph().getNodeList(), probed.getGraph().getNodeList(), "probes add outputs only");
    }

    private static String producer(Onnx.ModelProto m, String value) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOutput(0).equals(value)).findFirst().orElseThrow()
                .getOpType();
    }

    private static long count(Onnx.ModelProto m, String op) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    }

    @Test
    void aSiteWithoutUniformGridIsRefusedNamingSiteAndQuantizer() {
        VisionModel m = micro();
        DeploySite log = new DeploySite(new QuantSite("blocks.1", SiteRole.ATTN_PROBS), "repq.log2", new QuantParams(4,
                Granularity.PER_TENSOR, Tensor.of(new float[] {1f}, 1), Tensor.of(new float[1], 1), Map.of("base", "sqrt2")));
        CalibratedModel model = new CalibratedModel(m, m, List.of(log), Map.of());
        DeploymentException e = assertThrows(DeploymentException.class, () -> new OnnxExporter().export(model, dir, Map.of()));
        assertTrue(e.getMessage().startsWith("blocks.1.attn.probs: quantizer 'repq.log2' has no QDQ form"), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
    }

    @Test
    void swinIsRefusedWithOneLine() {
        VisionModel swin = Throughput.randomModel(Throughput.preset("swin_tiny"), 0);
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> new OnnxExporter().export(CalibratedModel.float32(swin, Map.of()), dir, Map.of()));
        assertTrue(e.getMessage().contains("swin_tiny_patch4_window7_224: the onnx exporter writes ViT/DeiT graphs only"),
                e.getMessage());
    }

    @Test
    void aWeightOffItsGridIsExportedAsExactFloats() throws Exception {
        VisionModel m = micro();
        String key = "blocks.0.attn.qkv.weight";
        int rows = m.weight(key).dim(0);
        DeploySite site = new DeploySite(new QuantSite("blocks.0", SiteRole.QKV_WEIGHT), "other", new QuantParams(8,
                Granularity.PER_CHANNEL, Tensor.of(new float[rows], rows), Tensor.of(new float[rows], rows), Map.of()));
        ExportedModel out = new OnnxExporter().export(new CalibratedModel(m, m, List.of(site), Map.of()), dir, Map.of());
        assertEquals(Map.of("blocks.0.qkv.weight", "float-exact"), out.siteForms());
    }
}
