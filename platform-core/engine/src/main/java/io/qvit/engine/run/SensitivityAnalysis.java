package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.Batch;
import io.qvit.data.BatchLoader;
import io.qvit.data.ImageDataset;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SensitivityRow;
import io.qvit.engine.quant.SiteGroups;
import io.qvit.engine.quant.SitePlan;
import io.qvit.runtime.CompiledModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Per-layer sensitivity: calibrates the experiment's quantization once (after its bit allocation, if any), then evaluates the first
 * images of the first evaluation set with one group of sites quantized at a time (and with all
 * but that group), so a user sees which layers hurt ({@code qvit sensitivity}).
 */
final class SensitivityAnalysis {
    private SensitivityAnalysis() {
    }

    /** Writes {@code sensitivity.json} and {@code sensitivity.md} into {@code outDir} and returns the document. */
    static JsonNode run(PluginCatalog plugins, PrintWriter progress, ExperimentResolver resolver, ObjectMapper json,
                        ExperimentFile file, Path outDir, SiteGroups grouping, int limit)
            throws ExperimentException, IOException {
        Timings timings = new Timings();
        PreparedRun prepared = PreparedRun.of(plugins, resolver, file, timings);
        if (prepared.recipe() == null) {
            throw file.error("quantization", "sensitivity analysis needs a quantization section");
        }
        if (file.spec().data() == null || file.spec().data().evaluation().isEmpty()) {
            throw file.error("data.evaluation", "sensitivity analysis needs an evaluation set");
        }
        ImageSetSpec set = file.spec().data().evaluation().get(0);
        ImageDataset dataset = DataSets.open(file, "data.evaluation[0]", set);
        DataSets.checkLabels(file, "data.evaluation[0]", dataset, prepared.compiled().config().numClasses());
        if (dataset.size() > limit) {
            dataset = dataset.subset(0, limit);
        }
        List<Batch> batches = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(dataset, prepared.transform(), prepared.batchSize(), prepared.threads())) {
            loader.forEach(batches::add);
        }
        CalibrationStage.Calibrated calibrated = new CalibrationStage(plugins, progress, file, prepared)
                .allocateAndCalibrate(timings);
        CompiledModel fp = calibrated.reference();
        QuantizedModel full = calibrated.model();
        double fpTop1 = top1(batches, prepared.compiled()::forward);
        double fullTop1 = top1(batches, full::forward);
        TreeMap<String, Integer> groups = new TreeMap<>(SensitivityOrder.COMPARATOR);
        for (SitePlan p : prepared.plan()) {
            if (p.enabled()) {
                groups.merge(grouping.of(p.site()), 1, Integer::sum);
            }
        }
        List<SensitivityRow> rows = new ArrayList<>();
        int done = 0;
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            progress.print("\rsensitivity: " + (++done) + "/" + groups.size() + " " + g.getKey() + "        ");
            progress.flush();
            QuantizedModel only = full.restrictedTo(fp, site -> grouping.of(site).equals(g.getKey()));
            QuantizedModel complement = full.restrictedTo(fp, site -> !grouping.of(site).equals(g.getKey()));
            rows.add(new SensitivityRow(g.getKey(), g.getValue(), top1(batches, only::forward),
                    top1(batches, complement::forward)));
        }
        progress.println();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("experiment", file.spec().name());
        doc.put("config_hash", resolver.configHash(file));
        doc.put("set", set.name());
        doc.put("images", batches.stream().mapToInt(Batch::size).sum());
        doc.put("grouping", grouping.name().toLowerCase(Locale.ROOT));
        doc.put("fp32_top1", fpTop1);
        doc.put("quantized_top1", fullTop1);
        doc.put("groups", rows);
        doc.put("timings", timings.asMap());
        String text = json.writeValueAsString(doc);
        AtomicFiles.write(outDir.resolve("sensitivity.json"), text);
        AtomicFiles.write(outDir.resolve("sensitivity.md"), SensitivityReport.render(doc, rows));
        return json.readTree(text);
    }

    private static double top1(List<Batch> batches, UnaryOperator<Tensor> forward) {
        Accuracy acc = new Accuracy();
        for (Batch b : batches) {
            acc.add(forward.apply(b.tensor()), b.labels());
        }
        return acc.top1();
    }
}
