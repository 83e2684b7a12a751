package io.qvit.benchmarks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link IntGemmBenchmark} and prints, per DeiT-T shape, GOP/s of each integer
 * implementation and GFLOP/s of the float32 kernel (2 operations per multiply-add either way),
 * with the ratio of each figure to the float32 Vector API kernel at the same thread count,
 * measured in the same run. Arguments (optional): warmup iterations, measurement iterations,
 * seconds per iteration, then shape names.
 */
public final class IntGemmReport {
    private IntGemmReport() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws RunnerException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(IntGemmBenchmark.class.getSimpleName())
                .warmupIterations(warmup)
                .measurementIterations(iterations)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementTime(TimeValue.seconds(seconds))
                .forks(1);
        if (args.length > 3) {
            String[] shapes = new String[args.length - 3];
            System.arraycopy(args, 3, shapes, 0, shapes.length);
            opts.param("shape", shapes);
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        Map<String, Map<String, Double>> rates = new TreeMap<>();
        for (RunResult r : results) {
            String shape = r.getParams().getParam("shape");
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            double ms = r.getPrimaryResult().getScore();
            rates.computeIfAbsent(shape + " (M=" + GemmShape.of(shape).rows(batch) + ")", x -> new TreeMap<>())
                    .put(method, GemmShape.of(shape).flops(batch) / (ms * 1e6));
        }
        System.out.printf("%n%-26s %-26s %12s %16s%n", "shape", "implementation", "GOP/s|GFLOP/s", "x float32 same threads");
        rates.forEach((shape, byMethod) -> byMethod.forEach((method, g) -> {
            String base = method.endsWith("2Threads") ? "float32VectorApi2Threads" : "float32VectorApi1Thread";
            double b = byMethod.getOrDefault(base, Double.NaN);
            System.out.printf("%-26s %-26s %12.1f %16.2f%n", shape, method, g, g / b);
        }));
    }
}
