package io.qvit.launcher.internal.conformance;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/**
 * The conformance kit bound to a quantizer obtained from a plugin bundle at run time
 * ({@code qvit plugins check}): 8-bit (and the kit's 2..8) per-tensor asymmetric minmax, the
 * configuration every uniform-grid quantizer supports. Constants need not come back exactly (a
 * power-of-two or log grid cannot); the plugin's own conformance subclass can be stricter.
 */
public final class InstalledQuantizerConformance extends QuantizerConformanceTest {
    private static volatile Quantizer subject;

    /** Created by JUnit. */
    public InstalledQuantizerConformance() {
    }

    static void subject(Quantizer q) {
        subject = q;
    }

    @Override
    protected Quantizer quantizer() {
        return subject;
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of()));
    }

    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
