package io.qvit.launcher.internal.cli;

import io.qvit.api.model.ModelLoader;
import io.qvit.api.model.VisionModel;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.RuntimeOptions;
import io.qvit.runtime.Throughput;
import io.qvit.runtime.ThroughputResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit bench}: the end-to-end speed of the float32 forward pass, images/second and achieved
 * GFLOP/s, for a checkpoint or a built-in shape with random weights.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure forward-pass images/second and GFLOP/s of a model (checkpoint or built-in shape).")
public final class BenchCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--weights", paramLabel = "FILE", description = "Checkpoint to measure (read by a ModelLoader plugin).")
    private Path weights;

    @Option(names = "--arch", paramLabel = "NAME",
            description = "With --weights: timm architecture (default: from the checkpoint). Without: built-in shape "
                    + "deit_tiny, deit_small, deit_base or swin_tiny with random weights (default deit_tiny).")
    private String arch;

    @Option(names = "--batch", defaultValue = "8", description = "Images per forward pass (default ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--threads", description = "Compute threads (default: all cores).")
    private Integer threads;

    @Option(names = "--warmup", defaultValue = "3", description = "Untimed passes (default ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--iterations", defaultValue = "10", description = "Timed passes (default ${DEFAULT-VALUE}).")
    private int iterations;

    @Option(names = "--integer", paramLabel = "KERNEL",
            description = "Also measure the integer-only path with this IntegerKernel plugin (e.g. ivit), in the same "
                    + "run, after the float32 path; scales from a symmetric minmax pass over the benchmark batch.")
    private String integer;

    @Option(names = "--backend", paramLabel = "ID",
            description = "Also measure this InferenceBackend plugin (e.g. onnxruntime) on the float32 and the W8A8 "
                    + "QDQ export of the model, timed in alternation with qvit's float32 path.")
    private String backend;

    @Option(names = "--rounds", defaultValue = "20",
            description = "With --backend: timed rounds of the alternation (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        VisionModel model;
        if (weights != null) {
            String name = weights.getFileName().toString();
            String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            ModelLoader loader = parent.platform().registry().ids(ModelLoader.class).stream()
                    .map(id -> parent.platform().registry().find(ModelLoader.class, id).orElseThrow())
                    .filter(l -> l.formats().contains(ext)).findFirst().orElse(null);
            if (loader == null) {
                spec.commandLine().getErr().println("qvit: no installed model loader reads ." + ext + " files");
                return ExitCodes.BAD_INPUT;
            }
            model = loader.load(weights, arch);
        } else {
            model = Throughput.randomModel(Throughput.preset(arch == null ? "deit_tiny" : arch), 0);
        }
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        CompiledModel compiled = CompiledModel.build(model, new RuntimeOptions(t));
        if (backend != null) {
            return backend(compiled, t, out);
        }
        ThroughputResult r = Throughput.measure(compiled, batch, warmup, iterations);
        out.println(String.format(Locale.ROOT, "%s batch %d threads %d: %s", model.config().architecture(), batch, t, r));
        if (integer != null) {
            io.qvit.api.kernel.IntegerKernel kernel = parent.platform().registry()
                    .find(io.qvit.api.kernel.IntegerKernel.class, integer).orElse(null);
            if (kernel == null) {
                spec.commandLine().getErr().println("qvit: --integer: no IntegerKernel plugin '" + integer
                        + "' is installed (installed: " + String.join(", ",
                        parent.platform().registry().ids(io.qvit.api.kernel.IntegerKernel.class)) + ")");
                return ExitCodes.BAD_INPUT;
            }
            io.qvit.runtime.SymmetricMinMax cal = new io.qvit.runtime.SymmetricMinMax(compiled,
                    Throughput.randomImages(model.config(), batch));
            io.qvit.runtime.IntegerModel im = io.qvit.runtime.IntegerModel.convert(cal.fakeQuantWeights, cal.params,
                    kernel);
            ThroughputResult ir = Throughput.measure(im, batch, warmup, iterations);
            long fpBytes = 4L * model.weights().values().stream().mapToLong(w -> w.size()).sum();
            out.println(String.format(Locale.ROOT, "%s batch %d threads %d: %s", model.config().architecture(), batch, t,
                    ir).replace("GFLOP", "GOP"));
            out.println(String.format(Locale.ROOT, "integer/float32: images/s x%.2f; weights %d bytes (int8 + int32 "
                    + "bias) vs %d bytes (float32): x%.3f", ir.imagesPerSecond() / r.imagesPerSecond(),
                    im.weightBytes(), fpBytes, (double) im.weightBytes() / fpBytes));
        }
        out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        out.flush();
        return ExitCodes.OK;
    }

    private int backend(CompiledModel compiled, int t, PrintWriter out) throws java.io.IOException {
        var registry = parent.platform().registry();
        io.qvit.api.deploy.InferenceBackend b = registry.find(io.qvit.api.deploy.InferenceBackend.class, backend)
                .orElse(null);
        if (b == null) {
            spec.commandLine().getErr().println("qvit: --backend: no InferenceBackend plugin '" + backend
                    + "' is installed (installed: " + String.join(", ",
                    registry.ids(io.qvit.api.deploy.InferenceBackend.class)) + ")");
            return ExitCodes.BAD_INPUT;
        }
        io.qvit.api.deploy.ModelExporter exporter = registry.ids(io.qvit.api.deploy.ModelExporter.class).stream()
                .map(id -> registry.find(io.qvit.api.deploy.ModelExporter.class, id).orElse(null))
                .filter(e -> e != null && b.formats().contains(e.format())).findFirst().orElse(null);
        if (exporter == null) {
            spec.commandLine().getErr().println("qvit: --backend " + backend + ": no installed exporter writes a format it runs "
                    + b.formats());
            return ExitCodes.BAD_INPUT;
        }
        BackendBench.run(compiled, b, backend, exporter, batch, t, warmup, rounds, out);
        out.println("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                + Runtime.getRuntime().availableProcessors() + " cores");
        out.flush();
        return ExitCodes.OK;
    }
}
