package io.qvit.runtime;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * End-to-end throughput of the float32 runtime: images per second and achieved GFLOP/s of a
 * model's forward pass. Call {@link #measure} with any compiled model (the CLI does), or run
 * {@link #main} on a built-in architecture with random weights:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... io.qvit.runtime.Throughput deit_small 8 2 20</pre>
 */
public final class Throughput {
    private Throughput() {
    }

    /**
     * Runs {@code warmup} untimed and then {@code iterations} timed forward passes of a random
     * batch of {@code batch} images.
     */
    public static ThroughputResult measure(CompiledModel model, int batch, int warmup, int iterations) {
        if (batch < 1 || warmup < 0 || iterations < 1) {
            throw new IllegalArgumentException("batch and iterations must be positive, warmup non-negative");
        }
        ModelConfig c = model.config();
        Tensor images = Tensor.zeros(batch, c.inChannels(), c.imageSize(), c.imageSize());
        Random r = new Random(0);
        float[] d = images.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < warmup; i++) {
            model.forward(images);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            model.forward(images);
        }
        double seconds = (System.nanoTime() - t0) / 1e9 / iterations;
        double ips = batch / seconds;
        long flops = model.flopsPerImage();
        return new ThroughputResult(c.architecture(), batch, model.options().threads(), iterations, seconds, ips,
                flops, flops * ips / 1e9);
    }

    /**
     * The same measurement for the integer path: {@code warmup} untimed and {@code iterations}
     * timed forward passes of a random batch (same seed as {@link #measure}).
     *
     * @return images per second and achieved GOP/s (2 integer operations per multiply-add)
     */
    public static ThroughputResult measure(IntegerModel model, int batch, int warmup, int iterations) {
        ModelConfig c = model.source().config();
        Tensor images = randomImages(c, batch);
        for (int i = 0; i < warmup; i++) {
            model.forward(images);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            model.forward(images);
        }
        double seconds = (System.nanoTime() - t0) / 1e9 / iterations;
        double ips = batch / seconds;
        long ops = 2 * model.macsPerImage();
        return new ThroughputResult(c.architecture() + " integer", batch, model.source().options().threads(),
                iterations, seconds, ips, ops, ops * ips / 1e9);
    }

    /** A batch of standard-normal images of {@code config}'s shape (seed 0). */
    public static Tensor randomImages(ModelConfig c, int batch) {
        Tensor images = Tensor.zeros(batch, c.inChannels(), c.imageSize(), c.imageSize());
        Random r = new Random(0);
        float[] d = images.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return images;
    }

    /**
     * A model of {@code config}'s shape with random weights (normal, std 0.02; LayerNorm weights 1),
     * for measuring speed without a checkpoint.
     */
    public static VisionModel randomModel(ModelConfig config, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        CompiledModel.expectedWeights(config).forEach((key, shape) -> {
            Tensor t = Tensor.zeros(shape.stream().mapToInt(Integer::intValue).toArray());
            float[] d = t.data();
            boolean norm = key.contains("norm") && key.endsWith(".weight");
            for (int i = 0; i < d.length; i++) {
                d[i] = norm ? 1f : (float) (r.nextGaussian() * 0.02);
            }
            weights.put(key, t);
        });
        return new VisionModel(config, weights, Map.of("source", "random"));
    }

    /** The built-in shapes of {@link #main}: deit_tiny, deit_small, deit_base, swin_tiny (224 px, 1000 classes). */
    public static ModelConfig preset(String name) {
        Preprocessing p = Preprocessing.imagenetDefault(224);
        return switch (name) {
            case "deit_tiny" -> vit("deit_tiny_patch16_224", 192, 3, p);
            case "deit_small" -> vit("deit_small_patch16_224", 384, 6, p);
            case "deit_base" -> vit("deit_base_patch16_224", 768, 12, p);
            case "swin_tiny" -> new ModelConfig("swin_tiny_patch4_window7_224", ArchitectureFamily.SWIN, 224, 4, 3,
                    1000, 96, 0, 0, 4.0, true, 1e-5, "avg", List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), 7, p);
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "' (deit_tiny, deit_small, deit_base, swin_tiny)");
        };
    }

    private static ModelConfig vit(String name, int dim, int heads, Preprocessing p) {
        return new ModelConfig(name, ArchitectureFamily.VIT, 224, 16, 3, 1000, dim, 12, heads, 4.0, true, 1e-6,
                "token", List.of(), List.of(), 0, p);
    }

    /**
     * Prints the throughput of a preset with random weights. Arguments: preset [batch=8]
     * [threads=available processors] [iterations=10].
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: Throughput deit_tiny|deit_small|deit_base|swin_tiny [batch] [threads] [iterations]");
            System.exit(2);
        }
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        CompiledModel model = CompiledModel.build(randomModel(preset(args[0]), 0), new RuntimeOptions(threads));
        System.out.println(measure(model, batch, Math.max(2, iterations / 5), iterations));
    }
}
