package io.qvit.benchmarks;

import io.qvit.runtime.internal.IntGemm;
import io.qvit.runtime.internal.IntLinear;
import io.qvit.runtime.internal.Linear;
import io.qvit.runtime.internal.PackedInt8;
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
 * Integer {@code C = A · Wᵀ + b} (int8 x int8 -> int32, the integer path's linear layers) against
 * the float32 kernel on the same DeiT-T shapes in the same run: the runtime's int8 Vector API
 * kernel ({@link IntLinear}, 1 and 2 threads), plain Java int loops (i-k-j over a pre-transposed
 * int weight, C2 auto-vectorises the inner loop), ND4J's {@code mmul} on INT32 arrays (1 thread;
 * BLAS has no integer GEMM, so this is libnd4j's generic loop), and the float32 Vector API kernel
 * ({@link Linear}, 1 and 2 threads) as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class IntGemmBenchmark {
    /** Shape name, see {@link GemmShape#of}. */
    @Param({"deit_t.qkv", "deit_t.fc1", "deit_t.fc2"})
    public String shape;

    /** Images per product (rows = 197 x batch). */
    @Param({"8"})
    public int batch;

    private int m;
    private int k;
    private int n;
    private int[] a;
    private int[] weightT;
    private int[] c;
    private float[] af;
    private float[] cf;
    private IntLinear intLinear;
    private Linear floatLinear;
    private WorkerPool pool1;
    private WorkerPool pool2;
    private int[][] itiles1;
    private int[][] itiles2;
    private float[][] tiles1;
    private float[][] tiles2;
    private INDArray ndA;
    private INDArray ndWt;

    /** Builds int8 operands and their float copies; ND4J only for its own benchmark. */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        GemmShape s = GemmShape.of(shape);
        m = s.rows(batch);
        k = s.in();
        n = s.out();
        Random r = new Random(42);
        a = new int[m * k];
        af = new float[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(256) - 128;
            af[i] = a[i];
        }
        float[] w = new float[n * k];
        weightT = new int[k * n];
        for (int j = 0; j < n; j++) {
            for (int kk = 0; kk < k; kk++) {
                int v = r.nextInt(256) - 128;
                w[j * k + kk] = v;
                weightT[kk * n + j] = v;
            }
        }
        c = new int[m * n];
        cf = new float[m * n];
        intLinear = new IntLinear(w, null, new double[] {1.0}, 8, 1.0, 128, n, k, shape);
        floatLinear = new Linear(w, null, n, k);
        pool1 = WorkerPool.shared(1);
        pool2 = WorkerPool.shared(2);
        itiles1 = new int[1][IntGemm.MR * PackedInt8.NR];
        itiles2 = new int[2][IntGemm.MR * PackedInt8.NR];
        tiles1 = WorkerScratch.tiles(WorkerScratch.forPool(pool1, 1, 1));
        tiles2 = WorkerScratch.tiles(WorkerScratch.forPool(pool2, 1, 1));
        if (params.getBenchmark().endsWith("nd4jInt1Thread")) {
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.getEnvironment().setMaxThreads(1);
            ndA = Nd4j.createFromArray(a).reshape(m, k);
            ndWt = Nd4j.createFromArray(weightT).reshape(k, n);
        }
    }

    /** int8 Vector API kernel, packed int8 weight, 1 thread. */
    @Benchmark
    public int[] int8VectorApi1Thread() {
        intLinear.forward(a, m, c, pool1, itiles1);
        return c;
    }

    /** int8 Vector API kernel, packed int8 weight, 2 threads. */
    @Benchmark
    public int[] int8VectorApi2Threads() {
        intLinear.forward(a, m, c, pool2, itiles2);
        return c;
    }

    /** float32 Vector API kernel (the float path's), 1 thread. */
    @Benchmark
    public float[] float32VectorApi1Thread() {
        floatLinear.forward(af, 0, m, cf, 0, false, pool1, tiles1);
        return cf;
    }

    /** float32 Vector API kernel (the float path's), 2 threads. */
    @Benchmark
    public float[] float32VectorApi2Threads() {
        floatLinear.forward(af, 0, m, cf, 0, false, pool2, tiles2);
        return cf;
    }

    /** ND4J mmul on INT32 arrays, 1 thread. */
    @Benchmark
    public INDArray nd4jInt1Thread() {
        return ndA.mmul(ndWt);
    }

    /** Plain Java int loops, 1 thread. */
    @Benchmark
    public int[] plainJavaInt() {
        int[] a = this.a;
        int[] b = weightT;
        int[] c = this.c;
        int k = this.k;
        int n = this.n;
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            java.util.Arrays.fill(c, ci, ci + n, 0);
            for (int kk = 0; kk < k; kk++) {
                int x = a[i * k + kk];
                int bk = kk * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += x * b[bk + j];
                }
            }
        }
        return c;
    }

    /** ND4J's data type used for the integer comparison. */
    public static DataType nd4jType() {
        return DataType.INT32;
    }
}
