package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.deploy.BackendOptions;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.deploy.InferenceBackend;
import io.qvit.api.deploy.InferenceSession;
import io.qvit.api.deploy.ModelExporter;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.ImageDataset;
import io.qvit.data.ImageTransform;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.plugins.PluginCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The {@code deploy} stage of a run ({@code deploy: {backend: onnxruntime}}): exports the calibrated
 * model with a {@link ModelExporter} into {@code <run folder>/deploy/}, runs the quantized and the
 * float32 artifacts with an {@link InferenceBackend} on every evaluation set, and reports their
 * accuracy and top-1 agreement with qvit's float32 and fake-quant evaluations of the same images.
 */
final class DeployStage {
    private final String backendId;
    private final String exporterId;
    private final InferenceBackend backend;
    private final ModelExporter exporter;
    private final Map<String, Object> options;
    private final PluginCatalog plugins;

    private DeployStage(String backendId, String exporterId, InferenceBackend backend, ModelExporter exporter,
                        Map<String, Object> options, PluginCatalog plugins) {
        this.backendId = backendId;
        this.exporterId = exporterId;
        this.backend = backend;
        this.exporter = exporter;
        this.options = options;
        this.plugins = plugins;
    }

    /**
     * The stage for {@code file}'s {@code deploy} key, or null when it has none.
     *
     * @throws ExperimentException naming {@code deploy.backend} or {@code deploy.format} when no
     *     installed plugin provides it
     */
    static DeployStage of(ExperimentFile file, PluginCatalog plugins) throws ExperimentException {
        JsonNode d = file.tree().root().get("deploy");
        if (d == null || d.isNull()) {
            return null;
        }
        String backendId = d.path("backend").asText();
        InferenceBackend backend = plugins.find(InferenceBackend.class, backendId).orElseThrow(() -> file.error(
                "deploy.backend", "inference backend plugin '" + backendId + "' is not available (installed: "
                        + String.join(", ", plugins.ids(InferenceBackend.class)) + ")"));
        String format = d.hasNonNull("format") ? d.get("format").asText() : null;
        String exporterId = null;
        ModelExporter exporter = null;
        for (String id : plugins.ids(ModelExporter.class)) {
            ModelExporter e = plugins.find(ModelExporter.class, id).orElse(null);
            if (e != null && backend.formats().contains(e.format()) && (format == null || format.equals(e.format()))) {
                exporterId = id;
                exporter = e;
                break;
            }
        }
        if (exporter == null) {
            throw file.error(format == null ? "deploy.backend" : "deploy.format", "no installed exporter writes "
                    + (format == null ? "a format backend '" + backendId + "' runs " + backend.formats()
                    : "format '" + format + "' for backend '" + backendId + "'") + " (exporters: "
                    + String.join(", ", plugins.ids(ModelExporter.class)) + ")");
        }
        Map<String, Object> options = new ObjectMapper().convertValue(d.path("options"),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        return new DeployStage(backendId, exporterId, backend, exporter, options == null ? Map.of() : options, plugins);
    }

    /**
     * What the stage needs of the run: the evaluation sets, the evaluations qvit already made and,
     * for a quantized model, its fake-quant forward pass under {@link io.qvit.engine.quant.UlpJitter}
     * ({@code ulpControl}, null for a float32 model): the agreement baseline of two float implementations.
     */
    record Inputs(List<String> names, List<ImageDataset> datasets, ImageTransform transform,
                  Map<String, JsonNode> fp32, Map<String, JsonNode> quantized, UnaryOperator<Tensor> ulpControl) {
        Inputs(List<String> names, List<ImageDataset> datasets, ImageTransform transform,
               Map<String, JsonNode> fp32, Map<String, JsonNode> quantized) {
            this(names, datasets, transform, fp32, quantized, null);
        }
    }

    /**
     * Exports {@code model} into {@code dir}, evaluates both artifacts on every set, adds
     * {@code deploy} to each set's entry of {@code sets} and returns the run-level {@code deploy} entry.
     */
    Map<String, Object> run(CalibratedModel model, Path dir, Inputs in, Evaluator evaluator, ObjectMapper json,
                            int threads, Map<String, Map<String, Object>> sets, Timings timings, PrintWriter progress)
            throws IOException {
        ExportedModel exported;
        try {
            exported = timings.time("deploy.export", () -> exporter.export(model, dir, options));
        } catch (DeploymentException e) {
            throw new DeploymentException("deploy: exporter '" + exporterId + "': " + e.getMessage(), e);
        }
        BackendOptions bo = new BackendOptions(threads, options);
        boolean quantized = !model.sites().isEmpty();
        String description;
        try (InferenceSession fp = backend.open(exported.float32(), bo);
             InferenceSession q = quantized ? backend.open(exported.quantized(), bo) : null) {
            description = fp.description();
            for (int i = 0; i < in.names().size(); i++) {
                String name = in.names().get(i);
                Map<String, Object> entry = new LinkedHashMap<>();
                JsonNode f = evaluator.evaluate(json, name + " " + backendId + " fp32", in.datasets().get(i),
                        in.transform(), fp::run);
                timings.put("deploy.fp32_eval." + name, f.path("seconds").asDouble());
                Map<String, Object> fpAgree = new LinkedHashMap<>();
                fpAgree.put("top1_agreement_with_fp32", agreement(f, in.fp32().get(name)));
                entry.put("fp32", result(f, fpAgree));
                if (q != null) {
                    JsonNode r = evaluator.evaluate(json, name + " " + backendId + " quantized", in.datasets().get(i),
                            in.transform(), q::run);
                    timings.put("deploy.quantized_eval." + name, r.path("seconds").asDouble());
                    Map<String, Object> agree = new LinkedHashMap<>();
                    agree.put("top1_agreement_with_quantized", agreement(r, in.quantized().get(name)));
                    agree.put("top1_agreement_with_fp32", agreement(r, in.fp32().get(name)));
                    if (in.ulpControl() != null) {
                        JsonNode c = evaluator.evaluate(json, name + " fake-quant, ulp control", in.datasets().get(i),
                                in.transform(), in.ulpControl());
                        timings.put("deploy.ulp_control_eval." + name, c.path("seconds").asDouble());
                        agree.put("top1_agreement_with_ulp_control", agreement(r, c));
                        entry.put("quantized", result(r, agree));
                        Map<String, Object> cAgree = new LinkedHashMap<>();
                        cAgree.put("top1_agreement_with_quantized", agreement(c, in.quantized().get(name)));
                        cAgree.put("top1_agreement_with_fp32", agreement(c, in.fp32().get(name)));
                        entry.put("quantized_ulp_control", result(c, cAgree));
                    } else {
                        entry.put("quantized", result(r, agree));
                    }
                }
                sets.get(name).put("deploy", entry);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("backend", backendId + " " + plugins.version(InferenceBackend.class, backendId));
        doc.put("session", description);
        doc.put("exporter", exporterId + " " + plugins.version(ModelExporter.class, exporterId));
        doc.put("format", exported.format());
        doc.put("files", Map.of("quantized", exported.quantized().toString(), "float32", exported.float32().toString(),
                "sidecar", exported.sidecar().toString()));
        Map<String, Integer> forms = new TreeMap<>();
        exported.siteForms().values().forEach(f -> forms.merge(f, 1, Integer::sum));
        doc.put("site_forms", forms);
        progress.flush();
        return doc;
    }

    /** Top-1 agreement of two evaluations, or null when either lacks predictions. */
    private static Double agreement(JsonNode a, JsonNode b) {
        double v = b == null ? Double.NaN : Evaluator.agreement(a, b);
        return Double.isNaN(v) ? null : v;
    }

    private static Map<String, Object> result(JsonNode eval, Map<String, Object> agreement) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("top1", eval.path("top1").asDouble());
        m.put("top5", eval.path("top5").asDouble());
        m.putAll(agreement);
        double s = eval.path("forward_seconds").asDouble();
        m.put("forward_images_per_second", s > 0 ? eval.path("images").asDouble() / s : 0);
        return m;
    }

    /** The versions of the plugins this stage uses, for the run's provenance. */
    void addVersions(Map<String, String> versions) {
        versions.put("InferenceBackend:" + backendId, plugins.version(InferenceBackend.class, backendId));
        versions.put("ModelExporter:" + exporterId, plugins.version(ModelExporter.class, exporterId));
    }
}
