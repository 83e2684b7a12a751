package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploymentException;
import io.qvit.api.deploy.ExportedModel;
import io.qvit.api.deploy.ModelExporter;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.quant.QuantizationException;
import io.qvit.engine.run.RunEngine;
import io.qvit.launcher.internal.PluginRegistry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit export FILE --format onnx --out DIR}: calibrates the experiment as {@code qvit run}
 * would (deterministic: the same fitted parameters) and writes the exporter's artifacts
 * ({@code model.onnx}, {@code model.fp32.onnx}, {@code model.json}). A finished run folder of the
 * same resolved experiment whose deploy stage wrote this format is reused: its files are copied.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Calibrate an experiment as 'qvit run' would and write deployment artifacts (model.onnx, "
                + "model.fp32.onnx, model.json) into --out DIR.")
public final class ExportCommand implements Callable<Integer> {
    private static final String[] FILES = {"model.onnx", "model.fp32.onnx", "model.json"};

    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Inject
    private ExperimentReader reader;

    @Parameters(paramLabel = "FILE", description = "The experiment file.")
    private Path file;

    @Option(names = "--format", defaultValue = "onnx", description = "Artifact format (default ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    private Path out;

    @Option(names = "--force", description = "Calibrate again even if a finished run folder holds the artifacts.")
    private boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PluginRegistry registry = parent.platform().registry();
        ExperimentFile experiment = Experiments.readAndCheck(reader, file, registry, err);
        if (experiment == null) {
            return ExitCodes.BAD_INPUT;
        }
        if (!experiment.spec().variants().isEmpty()) {
            err.println("qvit export: " + file + ": the experiment has variants; export one experiment at a time");
            return ExitCodes.BAD_INPUT;
        }
        ModelExporter exporter = registry.ids(ModelExporter.class).stream()
                .map(id -> registry.find(ModelExporter.class, id).orElse(null))
                .filter(e -> e != null && e.format().equals(format)).findFirst().orElse(null);
        if (exporter == null) {
            err.println("qvit export: --format " + format + ": no installed exporter writes it (exporters: "
                    + String.join(", ", registry.ids(ModelExporter.class)) + ")");
            return ExitCodes.BAD_INPUT;
        }
        RunEngine engine = new RunEngine(registry, RunCommand.cacheDir(), err);
        try {
            Path runDir = engine.runFolder(experiment, Path.of("runs"));
            if (!force && reusable(runDir, engine.configHash(experiment))) {
                Files.createDirectories(out);
                for (String f : FILES) {
                    Files.copy(runDir.resolve("deploy").resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                stdout.println("Reused the artifacts of the finished run " + runDir.toAbsolutePath());
            } else {
                CalibratedModel model = engine.calibratedModel(experiment);
                ExportedModel written = exporter.export(model, out, Map.of());
                Map<String, Integer> forms = new TreeMap<>();
                written.siteForms().values().forEach(f -> forms.merge(f, 1, Integer::sum));
                stdout.println("Quantized sites by form: " + (forms.isEmpty() ? "none (float32 model)" : forms));
            }
            for (String f : FILES) {
                stdout.println(out.resolve(f).toAbsolutePath());
            }
            stdout.flush();
            return ExitCodes.OK;
        } catch (ExperimentException e) {
            err.println(e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (DeploymentException e) {
            err.println("qvit export: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        } catch (IOException | QuantizationException e) {
            err.println("qvit export: failed: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
    }

    /** True when {@code runDir} holds finished results of this resolved experiment and its deploy stage wrote {@link #format}. */
    private boolean reusable(Path runDir, String configHash) throws IOException {
        Path results = runDir.resolve("results.json");
        Path sidecar = runDir.resolve("deploy").resolve("model.json");
        if (!Files.exists(results) || !Files.exists(sidecar)) {
            return false;
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode r = json.readTree(results.toFile());
        for (String f : FILES) {
            if (!Files.exists(runDir.resolve("deploy").resolve(f))) {
                return false;
            }
        }
        return configHash.equals(r.path("config_hash").asText()) && "finished".equals(r.path("status").asText())
                && format.equals(json.readTree(sidecar.toFile()).path("format").asText());
    }
}
