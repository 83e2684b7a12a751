package io.qvit.plugins.fqvit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PTF as the authors' PtfObserver, worked by hand on a small tensor. */
class PtfFitTest {
    private static final QuantSite NORM = new QuantSite("blocks.0", SiteRole.NORM_INPUT);

    /**
     * Channels 0..3 (last axis) with ranges about ±255, ±30, ±3, ±0.3. Global range [−255, 255]:
     * s8 = 510/255 = 2, z = −round(−127.5) = 128 (half to even), s1 = 2/8 = 0.25. Channel 0 needs
     * the factor 8 (s1·[−128, 127] = [−32, 31.75] and even 1·[−128, 127] clip it); channels 1..3
     * fit inside [−32, 31.75], where the smallest scale has the smallest error.
     */
    @Test
    void factorsAreChosenPerChannelOnTheSquaredError() {
        float[] x = {
            -255f, -30f, -3f, -0.3f,
            255f, 30f, 3f, 0.3f,
            100.3f, 10.1f, 1.1f, 0.11f,
            -77.7f, -7.7f, -0.7f, -0.07f};
        TensorQuantizer q = new PtfQuantizer().create(NORM,
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of()));
        q.observe(Tensor.of(x, 1, 4, 4));
        q.fit();
        assertEquals(List.of(3, 0, 0, 0), q.params().extra().get("factors"));
        assertArrayEquals(new float[] {2f, 0.25f, 0.25f, 0.25f}, q.params().scale().data());
        assertArrayEquals(new float[] {128f, 128f, 128f, 128f}, q.params().zeroPoint().data());
        assertEquals(0.25f, ((Number) q.params().extra().get("base_scale")).floatValue());
        float[] y = q.quantize(Tensor.of(new float[] {101f, 10.1f, 1.1f, 0.11f}, 1, 1, 4)).data();
        assertArrayEquals(new float[] {100f, 10f, 1f, 0f}, y);
    }

    @Test
    void aSingleFactorIsAPlainPerTensorGrid() {
        TensorQuantizer q = new PtfQuantizer().create(NORM,
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of("factors", 0)));
        q.observe(Tensor.of(new float[] {-1f, 0f, 2f, 3f}, 1, 2, 2));
        q.fit();
        assertArrayEquals(new float[] {4f / 255, 4f / 255}, q.params().scale().data());
    }

    @Test
    void unsupportedConfigurationsAreRefused() {
        PtfQuantizer p = new PtfQuantizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.validate(new QuantizerConfig(8, Granularity.PER_TENSOR, false, "minmax", 0, Map.of())));
        assertTrue(e.getMessage().contains("granularity per-tensor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> p.validate(new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of("factor", 2))));
        assertTrue(e.getMessage().contains("unknown option 'factor'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.create(new QuantSite("blocks.0", SiteRole.FC1_WEIGHT),
                new QuantizerConfig(8, Granularity.PER_CHANNEL, false, "minmax", 0, Map.of())));
        e = assertThrows(IllegalArgumentException.class, () -> new LisQuantizer().validate(
                new QuantizerConfig(8, Granularity.PER_TENSOR, false, "log2", 0, Map.of())));
        assertTrue(e.getMessage().contains("bits 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LisQuantizer().create(new QuantSite("blocks.0",
                SiteRole.FC2_INPUT), new QuantizerConfig(4, Granularity.PER_TENSOR, false, "log2", 0, Map.of())));
    }
}
