package io.qvit.plugins.onnx;

import io.qvit.api.QvitPlugin;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.deploy.ModelExporter;
import io.qvit.plugins.onnx.internal.JsonText;
import io.qvit.plugins.onnx.internal.OnnxGraph;
import io.qvit.plugins.onnx.internal.SiteQuantization;
import io.qvit.plugins.onnx.internal.VitOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code onnx} exporter: {@code model.onnx} (QDQ: {@code QuantizeLinear}/{@code DequantizeLinear}
 * at every quantized site with the fitted scales and zero points, per-channel 8-bit weight codes,
 * 8-bit per-tensor activations; other uniform grids as exact float sub-graphs), {@code model.fp32.onnx}
 * (the float reference) and {@code model.json} (site map and provenance). Opset 19; ViT and DeiT.
 */
@Component(service = ModelExporter.class)
@QvitPlugin(id = "onnx", citation = "ONNX QDQ format, onnx.ai (opset 19)")
public final class OnnxExporter implements ModelExporter {
    /** Version written into the models' producer field and the sidecar. */
    public static final String VERSION = "0.2.0";

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public ExportedModel export(CalibratedModel model, Path directory, Map<String, Object> options) throws IOException {
        Files.createDirectories(directory);
        Map<String, String> forms = new LinkedHashMap<>();
        byte[] quantized = graph(model, true, forms);
        byte[] float32 = graph(model, false, new LinkedHashMap<>());
        Path q = write(directory.resolve("model.onnx"), quantized);
        Path f = write(directory.resolve("model.fp32.onnx"), float32);
        Path sidecar = write(directory.resolve("model.json"), JsonText.write(sidecar(model, forms)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        return new ExportedModel(format(), q, f, sidecar, forms);
    }

    /** The serialized graph: quantized (QDQ) or float32; {@code forms} receives each site's form. */
    public static byte[] graph(CalibratedModel model, boolean quantized, Map<String, String> forms) {
        return graph(model, quantized, forms, null);
    }

    /**
     * The serialized graph as {@link #graph(CalibratedModel, boolean, Map)}; when {@code probes} is not
     * null, every exported activation site is also a graph output, and {@code probes} receives its
     * name by site id: the {@code QuantizeLinear} codes (int8/uint8) of a QDQ site, the float value
     * after a {@code float-exact} site (for comparing a backend's intermediate tensors with qvit's).
     */
    public static byte[] graph(CalibratedModel model, boolean quantized, Map<String, String> forms,
                               Map<String, String> probes) {
        OnnxGraph g = new OnnxGraph(model.floatModel().config().architecture() + (quantized ? "-qdq" : "-fp32"));
        SiteQuantization sites = new SiteQuantization(g, model, quantized);
        new VitOnnx(g, sites, model.floatModel()).build();
        forms.putAll(sites.forms());
        if (probes != null) {
            sites.values().values().forEach(g::probe);
            probes.putAll(sites.values());
        }
        Map<String, String> meta = new LinkedHashMap<>(model.provenance());
        meta.put("qvit.architecture", model.floatModel().config().architecture());
        meta.put("qvit.form", quantized ? "qdq" : "float32");
        return g.model(VERSION, meta);
    }

    private static Map<String, Object> sidecar(CalibratedModel model, Map<String, String> forms) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("format", "onnx");
        doc.put("opset", OnnxGraph.OPSET);
        doc.put("exporter", "qvit onnx " + VERSION);
        doc.put("architecture", model.floatModel().config().architecture());
        doc.put("input", Map.of("name", "images", "shape", List.of("batch", model.floatModel().config().inChannels(),
                model.floatModel().config().imageSize(), model.floatModel().config().imageSize()),
                "preprocessing", model.floatModel().config().preprocessing().toString()));
        doc.put("output", Map.of("name", "logits", "shape", List.of("batch", model.floatModel().config().numClasses())));
        doc.put("files", Map.of("quantized", "model.onnx", "float32", "model.fp32.onnx"));
        List<Object> sites = new ArrayList<>();
        for (DeploySite s : model.sites()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", s.site().id());
            e.put("quantizer", s.quantizer());
            e.put("bits", s.params().bits());
            e.put("granularity", s.params().granularity().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            e.put("form", forms.getOrDefault(s.site().id(), "not-in-graph"));
            e.put("groups", s.params().scale().size());
            sites.add(e);
        }
        doc.put("sites", sites);
        doc.put("provenance", model.provenance());
        return doc;
    }

    private static Path write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
