package io.qvit.benchmarks;

import io.qvit.runtime.internal.Linear;
import io.qvit.runtime.internal.PackedMatrix;
import io.qvit.runtime.internal.WorkerPool;
import io.qvit.runtime.internal.WorkerScratch;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * {@code C = A · Wᵀ} (a linear layer, weight in PyTorch's {@code [out, in]} layout) on DeiT shapes:
 * the runtime's Vector API kernel with pre-packed weights (1 and 2 threads), ND4J's gemm on
 * OpenBLAS (1 and 2 threads, set explicitly), and plain Java loops (single thread, i-k-j order
 * over a pre-transposed weight so that C2 auto-vectorises the inner loop).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class GemmBenchmark {
    /** Shape name, see {@link GemmShape#of}. */
    @Param({"deit_t.qkv", "deit_t.fc1", "deit_t.fc2", "deit_s.qkv", "deit_s.fc1", "deit_s.fc2"})
    public String shape;

    /** Images per product (rows = 197 x batch). */
    @Param({"8"})
    public int batch;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] weightT;
    private float[] c;
    private Linear linear;
    private WorkerPool pool1;
    private WorkerPool pool2;
    private float[][] tiles1;
    private float[][] tiles2;
    private INDArray ndA;
    private INDArray ndW;
    private INDArray ndC;

    /** Builds the operands; ND4J is initialised (with its thread count) only for its own benchmarks. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        GemmShape s = GemmShape.of(shape);
        m = s.rows(batch);
        k = s.in();
        n = s.out();
        Random r = new Random(42);
        a = new float[m * k];
        float[] w = new float[n * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.05);
        }
        weightT = new float[k * n];
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                weightT[kk * n + j] = w[j * k + kk];
            }
        }
        c = new float[m * n];
        linear = new Linear(w, null, n, k);
        pool1 = WorkerPool.shared(1);
        pool2 = WorkerPool.shared(2);
        tiles1 = WorkerScratch.tiles(WorkerScratch.forPool(pool1, 1, 1));
        tiles2 = WorkerScratch.tiles(WorkerScratch.forPool(pool2, 1, 1));
        String bench = params.getBenchmark();
        if (bench.endsWith("nd4j1Thread") || bench.endsWith("nd4j2Threads")) {
            int threads = bench.endsWith("nd4j1Thread") ? 1 : 2;
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
            ndA = Nd4j.create(a, new long[] {m, k}, DataType.FLOAT);
            ndW = Nd4j.create(w, new long[] {n, k}, DataType.FLOAT);
            ndC = Nd4j.create(DataType.FLOAT, m, n);
        }
    }

    /** Vector API kernel, packed weight, 1 thread. */
    @Benchmark
    public float[] vectorApi1Thread() {
        linear.forward(a, 0, m, c, 0, false, pool1, tiles1);
        return c;
    }

    /** Vector API kernel, packed weight, 2 threads. */
    @Benchmark
    public float[] vectorApi2Threads() {
        linear.forward(a, 0, m, c, 0, false, pool2, tiles2);
        return c;
    }

    /** ND4J gemm (OpenBLAS sgemm), 1 thread. */
    @Benchmark
    public INDArray nd4j1Thread() {
        return Nd4j.gemm(ndA, ndW, ndC, false, true, 1.0, 0.0);
    }

    /** ND4J gemm (OpenBLAS sgemm), 2 threads. */
    @Benchmark
    public INDArray nd4j2Threads() {
        return Nd4j.gemm(ndA, ndW, ndC, false, true, 1.0, 0.0);
    }

    /** Plain Java loops, 1 thread. */
    @Benchmark
    public float[] plainJava() {
        float[] a = this.a;
        float[] b = weightT;
        float[] c = this.c;
        int k = this.k;
        int n = this.n;
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int kk = 0; kk < k; kk++) {
                float x = a[i * k + kk];
                int bk = kk * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bk + j];
                }
            }
        }
        return c;
    }

    /** Keeps the packed-panel width visible in reports. */
    public static int panelWidth() {
        return PackedMatrix.NR;
    }
}
