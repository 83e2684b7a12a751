package io.qvit.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a JMH benchmark class over {@link GemmShape}s and turns each result into a rate: giga
 * operations per second (2 per multiply-add), by shape and benchmark method. The report programs'
 * common arguments (all optional): warmup iterations, measurement iterations, seconds per
 * iteration, then shape names to restrict the run.
 */
final class GemmRuns {
    private GemmRuns() {
    }

    /** Rates by {@code "<shape> (M=<rows>)"}, then by benchmark method name. */
    static Map<String, Map<String, Double>> run(Class<?> benchmark, String[] args) throws RunnerException {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
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
        Map<String, Map<String, Double>> rates = new TreeMap<>();
        for (RunResult r : new Runner(opts.build()).run()) {
            GemmShape shape = GemmShape.of(r.getParams().getParam("shape"));
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.') + 1);
            double ms = r.getPrimaryResult().getScore();
            rates.computeIfAbsent(shape.name() + " (M=" + shape.rows(batch) + ")", x -> new TreeMap<>())
                    .put(method, shape.flops(batch) / (ms * 1e6));
        }
        return rates;
    }
}
