package ${package};

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.conformance.quantizer.QuantizerConformanceTest;
import java.util.List;
import java.util.Map;

/** The qvit quantizer conformance kit run on {@link ${className}}. */
public class ${className}ConformanceTest extends QuantizerConformanceTest {
    @Override
    protected Quantizer quantizer() {
        return new ${className}();
    }

    @Override
    protected List<QuantizerConfig> configs() {
        return List.of(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of()));
    }

    /** A power-of-two scale cannot represent every constant exactly (it still gives no NaN or inf). */
    @Override
    protected boolean representsConstantsExactly(QuantizerConfig config) {
        return false;
    }
}
