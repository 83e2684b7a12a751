package io.qvit.benchmarks;

import java.util.Map;
import org.openjdk.jmh.runner.RunnerException;

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
        Map<String, Map<String, Double>> rates = GemmRuns.run(IntGemmBenchmark.class, args);
        System.out.printf("%n%-26s %-26s %12s %16s%n", "shape", "implementation", "GOP/s|GFLOP/s", "x float32 same threads");
        rates.forEach((shape, byMethod) -> byMethod.forEach((method, g) -> {
            String base = method.endsWith("2Threads") ? "float32VectorApi2Threads" : "float32VectorApi1Thread";
            double b = byMethod.getOrDefault(base, Double.NaN);
            System.out.printf("%-26s %-26s %12.1f %16.2f%n", shape, method, g, g / b);
        }));
    }
}
