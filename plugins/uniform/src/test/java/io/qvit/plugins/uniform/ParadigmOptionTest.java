package io.qvit.plugins.uniform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParadigmOptionTest {
    private static final QuantSite SITE = new QuantSite("blocks.0", SiteRole.FC2_INPUT);

    private static QuantizerConfig config(Map<String, Object> options) {
        return new QuantizerConfig(4, Granularity.PER_TENSOR, false, "minmax", 0, options);
    }

    @Test
    void parallelByDefaultSequentialOnRequest() {
        UniformQuantizer q = new UniformQuantizer();
        assertEquals(CalibrationParadigm.PARALLEL, q.create(SITE, config(Map.of())).paradigm());
        assertEquals(CalibrationParadigm.SEQUENTIAL, q.create(SITE, config(Map.of("paradigm", "sequential"))).paradigm());
    }

    @Test
    void anUnknownParadigmIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UniformQuantizer().validate(config(Map.of("paradigm", "diagonal"))));
        assertTrue(e.getMessage().contains("paradigm"), e.getMessage());
        assertTrue(e.getMessage().contains("diagonal"), e.getMessage());
    }
}
