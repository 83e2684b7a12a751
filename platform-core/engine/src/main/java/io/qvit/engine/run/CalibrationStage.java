package io.qvit.engine.run;

import io.qvit.api.quant.Quantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import io.qvit.data.Batch;
import io.qvit.data.BatchLoader;
import io.qvit.data.ImageDataset;
import io.qvit.engine.alloc.Allocation;
import io.qvit.engine.alloc.AllocationStage;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentSpec.ImageSetSpec;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.Calibrator;
import io.qvit.engine.quant.LayerFitting;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.quant.QuantizedModel;
import io.qvit.engine.quant.SitePlan;
import io.qvit.runtime.CompiledModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calibration of a prepared run: the calibration images, the reparameterizations before
 * calibration, the calibrator over the site plan, the reparameterizations after it, then layer
 * fitting; and, when the recipe names a bit allocator, the allocation that chooses the plan's
 * widths first ({@link AllocationStage}). Deterministic: the same experiment gives the same
 * parameters, which is why it is recomputed rather than cached.
 */
final class CalibrationStage {
    private final PluginCatalog plugins;
    private final PrintWriter progress;
    private final ExperimentFile file;
    private final PreparedRun prepared;
    private Tensor decodedImages;

    /**
     * The quantized model, the calibration images it was fitted on, and its float reference (the
     * float model after the reparameterizations: same function, same site tensors up to them).
     */
    record Calibrated(QuantizedModel model, Tensor images, CompiledModel reference) {
    }

    CalibrationStage(PluginCatalog plugins, PrintWriter progress, ExperimentFile file, PreparedRun prepared) {
        this.plugins = plugins;
        this.progress = progress;
        this.file = file;
        this.prepared = prepared;
    }

    /** The allocator's plan, or {@code null} when the recipe names no bit allocator. */
    Allocation allocate(Timings timings) throws ExperimentException, IOException {
        String allocatorId = prepared.recipe().bitAllocator();
        if (allocatorId == null) {
            return null;
        }
        AllocationStage stage = new AllocationStage(plugins, line -> {
            progress.println("qvit: " + line);
            progress.flush();
        });
        Timings perWidth = new Timings();
        Allocation allocation = stage.run(file, allocatorId, prepared.plan(), p -> {
            Calibrated c = calibrate(p, perWidth);
            return new AllocationStage.Calibration(c.model(), c.images(), c.reference());
        });
        timings.put("bit_allocation", allocation.seconds());
        prepared.pluginVersions().put("BitAllocator:" + allocatorId, allocation.version());
        return allocation;
    }

    /** Calibrates {@code plan} (the prepared plan, or an allocation's). */
    Calibrated calibrate(List<SitePlan> plan, Timings timings) throws ExperimentException, IOException {
        Map<String, String> pluginVersions = prepared.pluginVersions();
        Tensor images = images(timings);
        CompiledModel target = prepared.compiled();
        List<Map.Entry<String, Reparameterization>> afterCalibration = new ArrayList<>();
        for (String id : prepared.recipe().reparameterizations()) {
            Reparameterization r = plugins.find(Reparameterization.class, id).orElseThrow(() -> new QuantizationException(
                    "reparameterization plugin '" + id + "' is not installed"));
            pluginVersions.put("Reparameterization:" + id, plugins.version(Reparameterization.class, id));
            if (r.phase() == ReparameterizationPhase.AFTER_CALIBRATION) {
                afterCalibration.add(Map.entry(id, r));
                continue;
            }
            CompiledModel current = target;
            try {
                target = timings.time("reparameterization." + id, () -> CompiledModel.build(
                        r.apply(current.model(), new PlainReparameterizationContext(current.sites())), current.options()));
            } catch (RuntimeException e) {
                throw new QuantizationException("reparameterization '" + id + "' failed: " + e, e);
            }
        }
        for (SitePlan p : plan) {
            if (p.enabled()) {
                pluginVersions.putIfAbsent("Quantizer:" + p.quantizer(), plugins.version(Quantizer.class, p.quantizer()));
            }
        }
        Calibrator calibrator = new Calibrator(plugins);
        CompiledModel calibrationModel = target;
        QuantizedModel quantized = timings.time("calibration", () -> calibrator.calibrate(calibrationModel, plan, images));
        CompiledModel reference = target;
        for (Map.Entry<String, Reparameterization> e : afterCalibration) {
            CompiledModel floatModel = reference;
            QuantizedModel current = quantized;
            Calibrator.Reparameterized rep = timings.time("reparameterization." + e.getKey(),
                    () -> calibrator.reparameterize(floatModel, current, plan, e.getKey(), e.getValue()));
            reference = rep.floatModel();
            quantized = rep.quantized();
        }
        CompiledModel fittingModel = reference;
        QuantizedModel calibratedModel = quantized;
        quantized = timings.time("layer_fitting",
                () -> LayerFitting.fit(fittingModel, calibratedModel, images, file.spec().seed()));
        return new Calibrated(quantized, images, reference);
    }

    /** Allocates when the recipe asks for it, then calibrates the resulting plan. */
    Calibrated allocateAndCalibrate(Timings timings) throws ExperimentException, IOException {
        Allocation allocation = allocate(timings);
        return calibrate(allocation == null ? prepared.plan() : allocation.plan(), timings);
    }

    /**
     * The calibration images, decoded once per stage: an allocation calibrates the plan once per
     * candidate width and then once more; later calls record 0 s, as a cached float32 evaluation does.
     */
    private Tensor images(Timings timings) throws ExperimentException, IOException {
        if (decodedImages != null) {
            timings.put("load_data.calibration", 0.0);
            timings.put("load_calibration_images", 0.0);
            return decodedImages;
        }
        decodedImages = load(timings);
        return decodedImages;
    }

    private Tensor load(Timings timings) throws ExperimentException, IOException {
        ImageSetSpec calib = file.spec().data() == null ? null : file.spec().data().calibration();
        if (calib == null) {
            throw file.error("data", "a quantization experiment needs calibration images (data.calibration)");
        }
        ImageDataset dataset = timings.time("load_data.calibration", () -> DataSets.open(file, "data.calibration", calib));
        try (BatchLoader loader = new BatchLoader(dataset, prepared.transform(), Math.max(1, dataset.size()),
                prepared.threads())) {
            Batch batch = timings.time("load_calibration_images", loader::loadAll);
            if (!loader.skipped().isEmpty()) {
                progress.println("qvit: calibration: skipped " + loader.skipped().size() + " unreadable image(s): "
                        + loader.skipped());
            }
            return batch.tensor();
        }
    }
}
