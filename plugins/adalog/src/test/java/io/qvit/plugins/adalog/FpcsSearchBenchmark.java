package io.qvit.plugins.adalog;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmark of AdaLog's search on a DeiT-T-sized fc2 layer (32 images × 197 tokens, 768 → 192,
 * GELU-shaped inputs), default options (eq_n 128, 6 steps, 3 rounds): {@code search} is the whole
 * layer-output search of the AdaLog input and the per-channel weight; {@code naiveCandidate} is one
 * float product {@code X·Wᵀ}, the cost of evaluating a single candidate by a forward of the layer.
 * Their ratio is the number of naive candidate evaluations the whole search costs (the naive search
 * evaluates 2 × 768 candidates per round). {@code exactTopK} is the option {@code exact_top_k}: 0 is the
 * screening-only search, 4 (the default) adds the exact re-ranking ({@link ExactError}; the fc2
 * input's exact error on 1024 sampled rows, the weight's from the input Gram matrix). Run:
 * {@code mvn -o -q -pl plugins/adalog -am test-compile} then
 * {@code java -cp "plugins/adalog/target/test-classes:plugins/adalog/target/classes:$(cat cp.txt)" org.openjdk.jmh.Main FpcsSearchBenchmark}
 * (class path from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt -pl plugins/adalog}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class FpcsSearchBenchmark {
    private static final int T = 32 * 197;
    private static final int K = 768;
    private static final int N = 192;
    private static final QuantSite IN = new QuantSite("blocks.0", SiteRole.FC2_INPUT);
    private static final QuantSite W = new QuantSite("blocks.0", SiteRole.FC2_WEIGHT);

    private Tensor x;
    private Tensor w;

    /** The option {@code exact_top_k} of both quantizers. */
    @Param({"0", "4"})
    public int exactTopK;

    /** Synthetic GELU outputs and Gaussian weights, seeded. */
    @Setup
    public void data() {
        Random r = new Random(1);
        float[] a = new float[T * K];
        for (int i = 0; i < a.length; i++) {
            double z = r.nextGaussian() * (i % K < 4 ? 6 : 1);
            a[i] = (float) (z / (1 + Math.exp(-1.702 * z)));
        }
        float[] b = new float[N * K];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextGaussian() * 0.05);
        }
        x = Tensor.of(a, 32, 197, K);
        w = Tensor.of(b, N, K);
    }

    /** The whole search: MSE fits, then 3 alternating rounds on the layer output. */
    @Benchmark
    public Object search() {
        TensorQuantizer a = new AdaLogQuantizer().create(IN, new QuantizerConfig(4, Granularity.PER_TENSOR, false, "fpcs",
                0, Map.of("shift", AdaLogPreset.GELU_SHIFT, "exact_top_k", exactTopK)));
        TensorQuantizer q = new FpcsUniformQuantizer().create(W, new QuantizerConfig(4, Granularity.PER_CHANNEL, false,
                "fpcs", 0, Map.of("exact_top_k", exactTopK)));
        q.observe(w);
        q.fit();
        a.observe(x);
        a.fit();
        ((LayerFitted) a).fit(TestLayer.of(IN, IN, W, x, w, true, a, q));
        return a.params();
    }

    /** One candidate evaluated the naive way: the layer's float product. */
    @Benchmark
    public Object naiveCandidate() {
        return Gemm.ab(x.data(), 0, Gemm.transpose(w.data(), 0, N, K), 0, T, K, N, true);
    }
}
