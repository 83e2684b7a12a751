package io.qvit.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.engine.deploy.CalibratedModels;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.engine.quant.Calibrator;
import io.qvit.engine.quant.SiteGroups;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one experiment: resolve plugins, load the model, open the data, evaluate float32 (cached
 * by model and data checksum), and write {@code results.json} and {@code provenance.json}
 * atomically into the run folder, which is keyed by the hash of the resolved experiment. A run
 * whose results exist for the same resolved experiment is not recomputed.
 *
 * <p>With a {@code quantization} section it also calibrates (see {@link Calibrator}), analyses
 * every quantized site on the first calibration images, evaluates the fake-quantized model on
 * every set, and writes {@code report.md}. The stages of one run are {@link RunAttempt}'s.
 */
public final class RunEngine {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final PluginCatalog plugins;
    private final PrintWriter progress;
    private final RunAttempt.Engine engine;
    private final ExperimentResolver resolver;

    /**
     * An engine.
     *
     * @param plugins where loaders and quantizers come from
     * @param cacheDir where float32 results are cached across runs
     * @param progress where progress lines go (usually standard error)
     */
    public RunEngine(PluginCatalog plugins, Path cacheDir, PrintWriter progress) {
        this(plugins, cacheDir, progress, stage -> { });
    }

    /** An engine that calls {@code afterStage} with each stage's name when it completes (tests, monitoring). */
    public RunEngine(PluginCatalog plugins, Path cacheDir, PrintWriter progress, Consumer<String> afterStage) {
        this.plugins = plugins;
        this.progress = progress;
        this.engine = new RunAttempt.Engine(plugins, JSON, cacheDir, progress, afterStage);
        this.resolver = new ExperimentResolver(plugins, JSON);
    }

    /** The run folder of {@code file} below {@code runsRoot}: {@code <name>/<first 12 hex of the config hash>}. */
    public Path runFolder(ExperimentFile file, Path runsRoot) throws ExperimentException {
        return runsRoot.resolve(file.spec().name()).resolve(configHash(file).substring(0, 12));
    }

    /**
     * SHA-256 of the resolved experiment (interpolated, preset expanded, keys sorted, with the
     * checksums of the checkpoint and the data and the plugins' and platform's code: see
     * {@link ExperimentResolver}), so that a checkpoint rewritten at the same path gives a new run.
     */
    public String configHash(ExperimentFile file) throws ExperimentException {
        return resolver.configHash(file);
    }

    /**
     * Runs the experiment into {@code runDir}. Stages that finished in an earlier, interrupted run
     * of the same resolved experiment (quantized evaluations, kept in {@code runDir/state/}) are
     * not redone; calibration is deterministic and is recomputed. The folder is locked for the run
     * and marked with the experiment ({@link RunFolder}).
     *
     * @param force recompute even when finished results exist, and replace another experiment's results
     * @throws RunFolderException if the folder is a file, in use by another run, or holds another experiment (without force)
     * @return the results document
     * @throws ExperimentException for problems with the experiment's inputs (loader, data, plan)
     * @throws IOException when reading inputs or writing results fails
     */
    public JsonNode run(ExperimentFile file, Path runDir, boolean force) throws ExperimentException, IOException {
        JsonNode resolved = resolver.resolved(file);
        String hash = ExperimentResolver.hash(JSON, resolved);
        try (RunFolder folder = RunFolder.open(runDir, file.spec().name(), hash, force, JSON)) {
            JsonNode results = file.spec().repeat() != null ? Repeats.run(this, JSON, file, runDir, force)
                    : runLocked(file, runDir, force, resolved, hash);
            folder.finished();
            return results;
        }
    }

    private JsonNode runLocked(ExperimentFile file, Path runDir, boolean force, JsonNode resolved, String hash)
            throws ExperimentException, IOException {
        Path resultsFile = runDir.resolve("results.json");
        if (!force && Files.exists(resultsFile)) {
            JsonNode previous = JSON.readTree(resultsFile.toFile());
            if (hash.equals(previous.path("config_hash").asText())) {
                progress.println("qvit: " + resultsFile + " is up to date (same resolved experiment); use --force to recompute");
                progress.flush();
                return previous;
            }
        }
        Files.createDirectories(runDir);
        StageState state = new StageState(runDir.resolve("state"), hash, JSON);
        if (force) {
            state.clear();
        }
        AtomicFiles.write(runDir.resolve("experiment.resolved.json"), JSON.writeValueAsString(resolved));
        JsonNode results = new RunAttempt(engine, resolver, file, runDir, hash, resolved, state).run();
        state.clear();
        return results;
    }

    /**
     * Per-layer sensitivity: calibrates the experiment's quantization once, then evaluates the
     * first {@code limit} images of the first evaluation set with one group of sites quantized at
     * a time (and with all but that group), so a user sees which layers hurt. Writes
     * {@code sensitivity.json} and {@code sensitivity.md} into {@code outDir}.
     */
    public JsonNode sensitivity(ExperimentFile file, Path outDir, SiteGroups grouping, int limit)
            throws ExperimentException, IOException {
        return SensitivityAnalysis.run(plugins, progress, resolver, JSON, file, outDir, grouping, limit);
    }

    /**
     * Calibrates {@code file}'s quantization exactly as {@link #run} does (deterministic: the same
     * fitted parameters, after the same bit allocation) and returns the model an exporter takes;
     * float32 when the experiment has no quantization section. Used by {@code qvit export}.
     */
    public CalibratedModel calibratedModel(ExperimentFile file) throws ExperimentException, IOException {
        Timings timings = new Timings();
        PreparedRun p = PreparedRun.of(plugins, resolver, file, timings);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("experiment", file.spec().name());
        provenance.put("config_hash", configHash(file));
        if (p.recipe() == null) {
            return CalibratedModel.float32(p.compiled().model(), provenance);
        }
        CalibrationStage.Calibrated c = new CalibrationStage(plugins, progress, file, p).allocateAndCalibrate(timings);
        p.pluginVersions().forEach((k, v) -> provenance.put("plugin." + k, v));
        return CalibratedModels.of(c.reference(), c.model(), provenance);
    }
}
