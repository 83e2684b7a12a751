package io.qvit.conformance.quantizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The kit catches what it claims to: a correct per-tensor minmax quantizer passes every check, and
 * each deliberately broken variant fails the check aimed at it.
 */
class KitSelfTest {

    /** The defects a variant of the reference quantizer can have. */
    enum Defect { NONE, MODIFIES_INPUT, NAN_ON_CONSTANT, NO_FIT_CHECK, OFF_GRID, NONDETERMINISTIC, WRONG_PARAM_COUNT }

    /** A minimal asymmetric per-tensor minmax quantizer with an optional defect. */
    record Reference(Defect defect) implements Quantizer {
        private static final AtomicInteger INSTANCES = new AtomicInteger();

        @Override
        public TensorQuantizer create(QuantSite site, QuantizerConfig config) {
            int instance = INSTANCES.incrementAndGet();
            return new TensorQuantizer() {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                float s;
                float z;
                boolean fitted;
                final float qmax = (1 << config.bits()) - 1;

                @Override
                public void observe(Tensor t) {
                    for (float v : t.data()) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                    if (defect == Defect.MODIFIES_INPUT) {
                        t.data()[0] += 1f;
                    }
                }

                @Override
                public void fit() {
                    s = (max - min) / qmax;
                    if (defect == Defect.NONDETERMINISTIC) {
                        s *= 1 + instance * 1e-6f;
                    }
                    if (!(s > 0) && defect != Defect.NAN_ON_CONSTANT) {
                        s = Math.max(Math.abs(min), 1f);
                    }
                    z = (float) Math.rint(-min / s) + 0f;
                    fitted = true;
                }

                @Override
                public boolean fitted() {
                    return fitted;
                }

                @Override
                public Tensor quantize(Tensor t) {
                    if (!fitted && defect != Defect.NO_FIT_CHECK) {
                        throw new IllegalStateException("not fitted");
                    }
                    float[] out = new float[t.size()];
                    for (int i = 0; i < out.length; i++) {
                        float x = t.data()[i];
                        float q = Math.min(Math.max((float) Math.rint(x / s) + z, 0f), qmax);
                        out[i] = (q - z) * s;
                        if (defect == Defect.OFF_GRID) {
                            out[i] += s * 0.25f;  // off the grid: the round trip fails
                        }
                    }
                    return Tensor.of(out, t.shape());
                }

                @Override
                public QuantParams params() {
                    int n = defect == Defect.WRONG_PARAM_COUNT ? 2 : 1;
                    float[] scale = new float[n];
                    float[] zero = new float[n];
                    java.util.Arrays.fill(scale, s);
                    java.util.Arrays.fill(zero, z);
                    return new QuantParams(config.bits(), config.granularity(), Tensor.of(scale, n), Tensor.of(zero, n),
                            Map.of("qmin", 0, "qmax", (int) qmax));
                }
            };
        }
    }

    /** The kit run on a {@link Reference} variant; run only through {@link #failedChecks}. */
    abstract static class Variant extends QuantizerConformanceTest {
        abstract Defect defect();

        @Override
        protected Quantizer quantizer() {
            return new Reference(defect());
        }

        @Override
        protected List<QuantizerConfig> configs() {
            return List.of(new QuantizerConfig(4, Granularity.PER_TENSOR, false, "minmax", 0, Map.of()));
        }

        @Override
        protected int[] bitWidths() {
            return new int[] {2, 4, 8};
        }
    }

    static class Correct extends Variant { Defect defect() { return Defect.NONE; } }
    static class ModifiesInput extends Variant { Defect defect() { return Defect.MODIFIES_INPUT; } }
    static class NanOnConstant extends Variant { Defect defect() { return Defect.NAN_ON_CONSTANT; } }
    static class NoFitCheck extends Variant { Defect defect() { return Defect.NO_FIT_CHECK; } }
    static class OffGrid extends Variant { Defect defect() { return Defect.OFF_GRID; } }
    static class Nondeterministic extends Variant { Defect defect() { return Defect.NONDETERMINISTIC; } }
    static class WrongParamCount extends Variant { Defect defect() { return Defect.WRONG_PARAM_COUNT; } }

    /** Runs the kit on {@code variant}; returns the names of the checks (test factories) with a failure. */
    private static Set<String> failedChecks(Class<?> variant) {
        Set<String> failed = new TreeSet<>();
        AtomicInteger succeeded = new AtomicInteger();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(variant)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    return;
                }
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    String uid = id.getUniqueId();
                    int at = uid.indexOf("[test-factory:");
                    failed.add(uid.substring(at + 14, uid.indexOf("()", at)));
                } else {
                    succeeded.incrementAndGet();
                }
            }
        });
        assertTrue(succeeded.get() + failed.size() > 0, "no test ran for " + variant);
        return failed;
    }

    @Test
    void aCorrectQuantizerPasses() {
        assertEquals(Set.of(), failedChecks(Correct.class));
    }

    @Test
    void eachDefectIsCaught() {
        assertEquals(Set.of("inputUnchanged"), failedChecks(ModifiesInput.class));
        assertTrue(failedChecks(NanOnConstant.class).contains("allZero"));
        assertEquals(Set.of("lifecycle"), failedChecks(NoFitCheck.class));
        assertTrue(failedChecks(OffGrid.class).contains("roundTrip"));  // a constant shift is still idempotent
        assertEquals(Set.of("deterministic"), failedChecks(Nondeterministic.class));
        assertEquals(Set.of("params"), failedChecks(WrongParamCount.class));
    }
}
