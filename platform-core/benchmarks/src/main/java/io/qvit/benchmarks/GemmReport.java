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
 * Runs {@link GemmBenchmark} and prints GFLOP/s per shape and implementation, with each figure's
 * ratio to plain Java measured in the same run. Arguments (optional): warmup iterations,
 * measurement iterations, seconds per iteration, then shape names to restrict the run.
 */
public final class GemmReport {
    private GemmReport() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws RunnerException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(GemmBenchmark.class.getSimpleName())
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
        Map<String, Map<String, Double>> gflops = new TreeMap<>();
        for (RunResult r : results) {
            String shape = r.getParams().getParam("shape");
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            double ms = r.getPrimaryResult().getScore();
            gflops.computeIfAbsent(shape + " (M=" + GemmShape.of(shape).rows(batch) + ")", x -> new TreeMap<>())
                    .put(method, GemmShape.of(shape).flops(batch) / (ms * 1e6));
        }
        System.out.printf("%n%-26s %-18s %10s %12s%n", "shape", "implementation", "GFLOP/s", "x plainJava");
        gflops.forEach((shape, byMethod) -> {
            double base = byMethod.getOrDefault("plainJava", Double.NaN);
            byMethod.forEach((method, g) -> System.out.printf("%-26s %-18s %10.1f %12.2f%n", shape, method, g, g / base));
        });
    }
}
