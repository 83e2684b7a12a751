package io.qvit.benchmarks;

import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

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
        Map<String, Map<String, Double>> gflops = GemmRuns.run(GemmBenchmark.class, args);
        System.out.printf("%n%-26s %-18s %10s %12s%n", "shape", "implementation", "GFLOP/s", "x plainJava");
        gflops.forEach((shape, byMethod) -> {
            double base = byMethod.getOrDefault("plainJava", Double.NaN);
            byMethod.forEach((method, g) -> System.out.printf("%-26s %-18s %10.1f %12.2f%n", shape, method, g, g / base));
        });
    }
}
