package io.qvit.engine.run;

import io.qvit.api.model.ModelLoader;
import io.qvit.api.quant.Quantizer;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.ExperimentSchema;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.plugins.loader.timm.TimmModelLoader;
import io.qvit.testsupport.MicroVit;
import io.qvit.testsupport.TestImages;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A tiny quantized experiment for run-folder tests: a random-weight micro ViT, six generated
 * images, the timm loader and the min-max test quantizer (no shared data needed).
 */
final class MicroRuns {
    private static final MicroVit MODEL = new MicroVit(64, 8, 48, 2, 3, 10);

    private final Path dir;
    private final Path weights;

    /** Writes the model and the images into {@code dir}. */
    MicroRuns(Path dir) throws Exception {
        this.dir = dir;
        this.weights = MODEL.write(dir.resolve("micro.safetensors"), 3);
        TestImages.write(dir.resolve("a"), 6, 80, 72, 10, 1);
    }

    /** An experiment {@code name}, quantized with {@code bits} bits when {@code bits > 0}, else float32 only. */
    ExperimentFile experiment(String name, int bits) throws Exception {
        Path f = dir.resolve(name + "-" + bits + ".yaml");
        String quant = bits > 0 ? """
                quantization:
                  weights: {bits: %d}
                  activations: {bits: %d}
                """.formatted(bits, bits) : "";
        String calib = bits > 0 ? "  calibration: {images: a}\n" : "";
        Files.writeString(f, """
                name: %s
                model: {weights: "%s"}
                data:
                %s  evaluation:
                    - {name: a, images: a}
                %sruntime: {threads: 1, batch_size: 4}
                """.formatted(name, weights.toAbsolutePath(), calib, quant));
        return new ExperimentReader(new ExperimentSchema(), Map.<String, String>of()::get).read(f);
    }

    /** An engine caching float32 results in {@code cacheDir} and printing progress to {@code progress}. */
    static RunEngine engine(Path cacheDir, PrintWriter progress) {
        return new RunEngine(CATALOG, cacheDir, progress);
    }

    /** The plugins of these runs. */
    PluginCatalog catalog() {
        return CATALOG;
    }

    private static final PluginCatalog CATALOG = new PluginCatalog() {
        @Override
        public SortedSet<String> ids(Class<?> kind) {
            return new TreeSet<>(kind == ModelLoader.class ? List.of("timm") : kind == Quantizer.class ? List.of("uniform")
                    : List.of());
        }

        @Override
        public <T> Optional<T> find(Class<T> kind, String id) {
            if (kind == ModelLoader.class && id.equals("timm")) {
                return Optional.of(kind.cast(new TimmModelLoader()));
            }
            if (kind == Quantizer.class && id.equals("uniform")) {
                return Optional.of(kind.cast(new MinMaxTestQuantizer()));
            }
            return Optional.empty();
        }
    };
}
