package io.qvit.plugins.mptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two-region grid and the initial fit's ratio. */
class TwinGridTest {

    @Test
    void negativeValuesUseTheFineStepAndPositiveOnesTheCoarseOne() {
        TwinGrid g = new TwinGrid(4, 1f, 3); // Δ₊ = 1, Δ₋ = 1/8, codes −8..7
        assertEquals(0.125f, g.negative());
        assertEquals(-0.125f, g.quantize(-0.1f, g.negative()));
        assertEquals(-1f, g.quantize(-5f, g.negative()), "clamped at −8·Δ₋");
        assertEquals(7f, g.quantize(100f, g.negative()), "clamped at 7·Δ₊");
        assertEquals(2f, g.quantize(2.4f, g.negative()));
        assertEquals(16, g.levels().length);
    }

    @Test
    void theInitialRatioIsTheSmallestPowerOfTwoWhoseNegativeRegionReachesTheMinimum() {
        TensorQuantizer q = new OptmQuantizer().create(new QuantSite("blocks.0", SiteRole.FC2_INPUT),
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "minmax", 0, Map.of()));
        q.observe(Tensor.of(new float[] {-0.17f, 0f, 7f}, 3));
        q.fit();
        // Δ₊ = 7/7 = 1; 8·Δ₊/2^m ≥ 0.17 ⇔ 2^m ≤ 47.06 → m = 5
        assertEquals(1f, q.params().scale().data()[0]);
        assertEquals(5, q.params().extra().get("ratio_exponent"));
        assertEquals(-0.15625f, q.quantize(Tensor.of(new float[] {-0.17f}, 1)).data()[0]);
    }
}
