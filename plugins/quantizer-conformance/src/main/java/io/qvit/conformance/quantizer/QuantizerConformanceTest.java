package io.qvit.conformance.quantizer;

import static io.qvit.conformance.quantizer.ConformanceAssertions.assertFiniteParams;
import static io.qvit.conformance.quantizer.ConformanceData.batches;
import static io.qvit.conformance.quantizer.ConformanceData.widened;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance tests every {@link Quantizer} plugin runs: subclass it in the plugin's test
 * sources, return the quantizer from {@link #quantizer()} and the configurations it supports from
 * {@link #configs()}, and JUnit runs every check below for every configuration, every bit-width of
 * {@link #bitWidths()} (2..8 by default) and every site of {@link #sites} (a weight and an
 * activation site; an attention operand for per-head):
 *
 * <ul>
 *   <li>{@code roundTrip}: values already on the grid come back bit for bit (the grid is read
 *       from {@link QuantParams} by {@link #grid}; skipped when that returns null);</li>
 *   <li>{@code idempotent}: {@code quantize(quantize(x))} equals {@code quantize(x)} bit for bit;</li>
 *   <li>{@code levels}: at most {@code 2^bits} distinct values per quantization group;</li>
 *   <li>{@code inputUnchanged}: neither {@code observe} nor {@code quantize} modifies its argument,
 *       and {@code quantize} returns a new tensor;</li>
 *   <li>{@code shape}: the shape is preserved, also for another batch size than calibration's;</li>
 *   <li>{@code params}: {@link QuantParams} bits, granularity, and one finite positive scale and a
 *       finite zero point per group ({@link #expectedParams});</li>
 *   <li>{@code constantChannels}, {@code allZero}, {@code hugeOutlier}: no NaN or infinity in
 *       parameters or outputs; constant groups (and zeros) are reproduced exactly unless
 *       {@link #representsConstantsExactly} says otherwise;</li>
 *   <li>{@code lifecycle}: {@code quantize} before {@code fit} throws {@link IllegalStateException};
 *       {@code fitted()} reports the state;</li>
 *   <li>{@code deterministic}: two instances fed the same data (activations in two batches) give
 *       bit-identical parameters and outputs.</li>
 * </ul>
 *
 * <pre>{@code
 * class UniformConformanceTest extends QuantizerConformanceTest {
 *     protected Quantizer quantizer() { return new UniformQuantizer(); }
 *     protected List<QuantizerConfig> configs() {
 *         return List.of(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of()));
 *     }
 * }
 * }</pre>
 *
 * <p>Add the kit to the plugin's pom with {@code <scope>test</scope>}
 * ({@code io.qvit:qvit-quantizer-conformance}). Test tensors are seeded Gaussian data with a
 * different scale and offset per channel, so failures reproduce.
 */
public abstract class QuantizerConformanceTest {

    /** Creates the conformance test. */
    protected QuantizerConformanceTest() {
    }

    /**
     * Not a test under JUnit 5 (no annotation): a trap for runners that ignore JUnit 5 and run
     * public {@code test*} methods instead. Maven 3.8's default surefire (2.12.4) does exactly that
     * with the kit on the class path and would otherwise report a public subclass as passing
     * without running one check. Build with surefire 3 (the {@code io.qvit:qvit-plugin-parent}
     * POM configures it, with {@code failIfNoTests}).
     */
    public final void testRequiresTheJUnitPlatform() {
        throw new AssertionError(getClass().getName() + " ran without the JUnit Platform, so no conformance check ran: "
                + "use maven-surefire-plugin 3.x (inherit io.qvit:qvit-plugin-parent, which also sets failIfNoTests)");
    }

    /** The quantizer under test (a new or shared instance; it must create independent site quantizers). */
    protected abstract Quantizer quantizer();

    /** The configurations the quantizer supports; the kit replaces their bits by each of {@link #bitWidths()}. */
    protected abstract List<QuantizerConfig> configs();

    /** The bit-widths exercised: 2..8 unless overridden. */
    protected int[] bitWidths() {
        return IntStream.rangeClosed(2, 8).toArray();
    }

    /**
     * The sites a configuration is tried at: {@code blocks.0.attn.q} for per-head,
     * {@code blocks.0.fc1.weight} and {@code blocks.0.qkv.input} otherwise.
     */
    protected List<QuantSite> sites(QuantizerConfig config) {
        if (config.granularity() == Granularity.PER_HEAD) {
            return List.of(new QuantSite("blocks.0", SiteRole.ATTN_Q));
        }
        return List.of(new QuantSite("blocks.0", SiteRole.FC1_WEIGHT), new QuantSite("blocks.0", SiteRole.QKV_INPUT));
    }

    /**
     * The values group {@code group} can represent, for the round-trip check; null skips that check.
     * The default reads a uniform grid: {@code extra} entries {@code qmin} and {@code qmax} (numbers)
     * and the values {@code (q - zeroPoint)·scale} in float32 for every code {@code q}.
     */
    protected float[] grid(QuantParams params, int group) {
        if (!(params.extra().get("qmin") instanceof Number qmin) || !(params.extra().get("qmax") instanceof Number qmax)) {
            return null;
        }
        float s = params.scale().data()[group];
        float z = params.zeroPoint().data()[group];
        int lo = qmin.intValue();
        int hi = qmax.intValue();
        float[] values = new float[hi - lo + 1];
        for (int q = lo; q <= hi; q++) {
            values[q - lo] = ((float) q - z) * s;
        }
        return values;
    }

    /**
     * How many distinct values one group may take (default {@code 2^bits}); logarithmic quantizers
     * whose out-of-range codes map to an extra zero (log√2, AdaLog) take {@code 2^bits + 1}.
     */
    protected int distinctValues(QuantizerConfig config) {
        return 1 << config.bits();
    }

    /** How many scale values {@link QuantParams} holds for {@code groups} groups (default: one each). */
    protected int expectedParams(QuantizerConfig config, int groups) {
        return groups;
    }

    /**
     * Whether a group whose values are all equal (and an all-zero tensor) must come back exactly; true
     * unless overridden, and only checked where the constant fills a whole group.
     */
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return true;
    }

    /** Every case: configuration × bit-width × site. */
    protected final List<ConformanceCase> cases() {
        List<ConformanceCase> cases = new ArrayList<>();
        for (QuantizerConfig base : configs()) {
            for (int bits : bitWidths()) {
                QuantizerConfig config = new QuantizerConfig(bits, base.granularity(), base.symmetric(), base.init(),
                        base.heads(), base.options());
                for (QuantSite site : sites(config)) {
                    cases.add(new ConformanceCase(site, config));
                }
            }
        }
        return cases;
    }

    private Stream<DynamicTest> each(Consumer<ConformanceCase> check) {
        List<ConformanceCase> cases = cases();
        if (cases.isEmpty()) {
            fail("configs() returned no configuration to test");
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.displayName(), () -> check.accept(c)));
    }

    // ---------------------------------------------------------------- checks

    /** Values on the grid are reproduced bit for bit. */
    @TestFactory
    Stream<DynamicTest> roundTrip() {
        return each(c -> GridChecks.roundTrip(this, c));
    }

    /** Quantizing twice changes nothing. */
    @TestFactory
    Stream<DynamicTest> idempotent() {
        return each(c -> {
            TensorQuantizer q = fitted(c, calibration(c, c.shape(), 2));
            Tensor once = q.quantize(widened(c, 3));
            assertBitIdentical(once, q.quantize(once), c + ": quantize(quantize(x))");
        });
    }

    /** At most 2^bits distinct values per group. */
    @TestFactory
    Stream<DynamicTest> levels() {
        return each(c -> GridChecks.levels(this, c));
    }

    /** observe and quantize leave their argument alone; quantize returns a new tensor. */
    @TestFactory
    Stream<DynamicTest> inputUnchanged() {
        return each(c -> {
            Tensor calib = calibration(c, c.shape(), 6);
            Tensor before = calib.copy();
            TensorQuantizer q = quantizer().create(c.site(), c.config());
            q.observe(calib);
            assertBitIdentical(before, calib, c + ": observe() modified its input");
            q.fit();
            assertBitIdentical(before, calib, c + ": fit() modified an observed tensor");
            Tensor x = widened(c, 7);
            Tensor xBefore = x.copy();
            Tensor y = q.quantize(x);
            assertBitIdentical(xBefore, x, c + ": quantize() modified its input");
            assertNotSame(x, y, c + ": quantize() returned its input");
            assertNotSame(x.data(), y.data(), c + ": quantize() wrote into its input's array");
        });
    }

    /** The output has the input's shape, also for a batch size calibration did not see. */
    @TestFactory
    Stream<DynamicTest> shape() {
        return each(c -> {
            TensorQuantizer q = fitted(c, calibration(c, c.shape(), 8));
            assertArrayEquals(c.shape(), q.quantize(calibration(c, c.shape(), 9)).shape(), c.toString());
            if (!c.site().role().isWeight()) {
                int[] other = c.shape();
                other[0] += 3;
                assertArrayEquals(other, q.quantize(calibration(c, other, 10)).shape(), c + ": another batch size");
            }
        });
    }

    /** Parameters: bits, granularity, one finite positive scale and a finite zero point per group. */
    @TestFactory
    Stream<DynamicTest> params() {
        return each(c -> {
            TensorQuantizer q = fitted(c, calibration(c, c.shape(), 11));
            QuantParams p = q.params();
            assertEquals(c.config().bits(), p.bits(), c + ": params().bits()");
            assertEquals(c.config().granularity(), p.granularity(), c + ": params().granularity()");
            int expected = expectedParams(c.config(), c.groups().groups());
            assertEquals(expected, p.scale().size(), c + ": scale values");
            assertEquals(expected, p.zeroPoint().size(), c + ": zero point values");
            assertFiniteParams(c, p);
        });
    }

    /** Constant channels (rows, heads): finite parameters and outputs, and exact where a group is constant. */
    @TestFactory
    Stream<DynamicTest> constantChannels() {
        return each(c -> DegenerateInputChecks.constantChannels(this, c));
    }

    /** All-zero calibration: finite parameters; zeros stay zeros; other data stays finite. */
    @TestFactory
    Stream<DynamicTest> allZero() {
        return each(c -> DegenerateInputChecks.allZero(this, c));
    }

    /** One huge outlier in calibration: finite parameters and outputs. */
    @TestFactory
    Stream<DynamicTest> hugeOutlier() {
        return each(c -> DegenerateInputChecks.hugeOutlier(this, c));
    }

    /** quantize before fit throws IllegalStateException; fitted() follows the life cycle. */
    @TestFactory
    Stream<DynamicTest> lifecycle() {
        return each(c -> {
            TensorQuantizer q = quantizer().create(c.site(), c.config());
            assertFalse(q.fitted(), c + ": fitted() before fit()");
            Tensor x = calibration(c, c.shape(), 16);
            assertThrows(IllegalStateException.class, () -> q.quantize(x), c + ": quantize() before any observe()");
            q.observe(x);
            assertFalse(q.fitted(), c + ": fitted() after observe()");
            assertThrows(IllegalStateException.class, () -> q.quantize(x), c + ": quantize() before fit()");
            q.fit();
            assertTrue(q.fitted(), c + ": fitted() after fit()");
            q.quantize(x);
        });
    }

    /** Two instances fed the same data give bit-identical parameters and outputs. */
    @TestFactory
    Stream<DynamicTest> deterministic() {
        return each(c -> {
            Tensor[] batches = batches(c, 17);
            TensorQuantizer a = fitted(c, batches);
            TensorQuantizer b = fitted(c, batches(c, 17));
            QuantParams pa = a.params();
            QuantParams pb = b.params();
            assertBitIdentical(pa.scale(), pb.scale(), c + ": scales of two instances");
            assertBitIdentical(pa.zeroPoint(), pb.zeroPoint(), c + ": zero points of two instances");
            assertEquals(pa.extra(), pb.extra(), c + ": extra of two instances");
            Tensor x = widened(c, 18);
            assertBitIdentical(a.quantize(x), b.quantize(x), c + ": outputs of two instances");
        });
    }

    // ---------------------------------------------------------------- data and helpers

    /** Creates the quantizer of {@code c}, observes {@code batches} and fits. */
    protected final TensorQuantizer fitted(ConformanceCase c, Tensor... batches) {
        TensorQuantizer q = quantizer().create(c.site(), c.config());
        for (Tensor t : batches) {
            q.observe(t);
        }
        q.fit();
        return q;
    }

    /**
     * Seeded test data of {@code shape}: Gaussian with a per-channel scale (0.25..2) and offset, so
     * channels, rows and heads differ; activations are skewed like post-GELU values.
     */
    protected final Tensor calibration(ConformanceCase c, int[] shape, long seed) {
        return ConformanceData.calibration(c, shape, seed);
    }

    /** Asserts equal shapes and bit-identical values, reporting the first difference. */
    protected static void assertBitIdentical(Tensor expected, Tensor actual, String message) {
        ConformanceAssertions.assertBitIdentical(expected, actual, message);
    }
}
