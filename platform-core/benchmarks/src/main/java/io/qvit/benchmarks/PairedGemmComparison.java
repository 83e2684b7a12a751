package io.qvit.benchmarks;

import io.qvit.runtime.internal.Linear;
import io.qvit.runtime.internal.WorkerPool;
import io.qvit.runtime.internal.WorkerScratch;
import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime's Vector API linear layer against ND4J's gemm (OpenBLAS) on the DeiT shapes of
 * {@link GemmShape}, measured in alternation: each round times one product of each, so both see
 * the same machine load, and the figure that decides is the median of the per-round time ratios.
 * This complements {@link GemmReport}, whose benchmarks run one after another and so are skewed by
 * load that changes during the run (this machine is shared). Arguments (optional): threads
 * (default 1), rounds (default 40), batch (default 8), then shape names.
 */
public final class PairedGemmComparison {
    private PairedGemmComparison() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String[] shapes = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length)
                : new String[] {"deit_t.qkv", "deit_t.fc1", "deit_t.fc2", "deit_s.qkv", "deit_s.fc1", "deit_s.fc2"};
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        WorkerPool pool = WorkerPool.shared(threads);
        float[][] tiles = WorkerScratch.tiles(WorkerScratch.forPool(pool, 1, 1));
        System.out.printf("threads=%d rounds=%d batch=%d%n", threads, rounds, batch);
        System.out.printf("%-12s %6s %14s %14s %22s%n", "shape", "M", "vector GFLOP/s", "nd4j GFLOP/s", "vector speed / nd4j");
        for (String name : shapes) {
            GemmShape s = GemmShape.of(name);
            int m = s.rows(batch);
            Random r = new Random(42);
            float[] a = new float[m * s.in()];
            float[] w = new float[s.out() * s.in()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 0.05);
            }
            float[] c = new float[m * s.out()];
            Linear linear = new Linear(w, null, s.out(), s.in());
            INDArray ndA = Nd4j.create(a, new long[] {m, s.in()}, DataType.FLOAT);
            INDArray ndW = Nd4j.create(w, new long[] {s.out(), s.in()}, DataType.FLOAT);
            INDArray ndC = Nd4j.create(DataType.FLOAT, m, s.out());
            Runnable vector = () -> linear.forward(a, 0, m, c, 0, false, pool, tiles);
            Runnable nd4j = () -> Nd4j.gemm(ndA, ndW, ndC, false, true, 1.0, 0.0);
            for (int i = 0; i < 20; i++) {
                vector.run();
                nd4j.run();
            }
            double[] tv = new double[rounds];
            double[] tn = new double[rounds];
            double[] ratio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                // Alternate which goes first so neither always follows the other's cache state.
                if (i % 2 == 0) {
                    tv[i] = time(vector);
                    tn[i] = time(nd4j);
                } else {
                    tn[i] = time(nd4j);
                    tv[i] = time(vector);
                }
                ratio[i] = tn[i] / tv[i];
            }
            double flops = s.flops(batch);
            System.out.printf("%-12s %6d %14.1f %14.1f %22.2f%n", name, m,
                    flops / median(tv) / 1e9, flops / median(tn) / 1e9, median(ratio));
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
