package io.qvit.plugins.dopq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TanQ site quantizer: the lookup table, the layer-output fit, per-head groups, options. */
class TanTensorQuantizerTest {

    static TanTensorQuantizer create(int bits, Granularity g, int heads, Map<String, Object> options) {
        return (TanTensorQuantizer) new TanQuantizer().create(Attention.PROBS,
                new QuantizerConfig(bits, g, false, "search", heads, options));
    }

    /** Dequantization is the 2^b-entry table lookup, bit for bit; the entries are integers over 2^16. */
    @Test
    void tableReproducesDequantizationExactly() {
        Tensor p = Attention.probs(2, 3, 20, 2.0, 1);
        for (int bits = 2; bits <= 8; bits++) {
            for (Granularity g : List.of(Granularity.PER_TENSOR, Granularity.PER_HEAD)) {
                TanTensorQuantizer q = create(bits, g, 3, Map.of());
                q.observe(p);
                q.fit();
                Tensor x = Attention.probs(1, 3, 20, 3.0, 2);
                int[] codes = q.codes(x);
                Tensor y = q.quantize(x);
                int inner = 20 * 20;
                for (int i = 0; i < codes.length; i++) {
                    float[] table = q.table(g == Granularity.PER_HEAD ? (i / inner) % 3 : 0);
                    assertEquals(1 << bits, table.length);
                    assertTrue(codes[i] >= 0 && codes[i] < table.length);
                    assertEquals(Float.floatToIntBits(y.data()[i]), Float.floatToIntBits(table[codes[i]]),
                            bits + " bits, value " + i);
                }
                for (float v : q.table(0)) {
                    assertEquals(Math.rint(v * 65536.0), v * 65536.0, 0.0);
                }
            }
        }
    }

    /** The layer fit never has a larger attention-output error than the MSE fit it starts from. */
    @Test
    void layerFitLowersTheAttentionOutputError() {
        Tensor p = Attention.probs(2, 2, 24, 2.5, 3);
        Tensor v = Attention.values(2, 2, 24, 8, 4);
        for (int bits : new int[] {3, 4}) {
            TanTensorQuantizer q = create(bits, Granularity.PER_TENSOR, 0, Map.of("rows", 1000));
            q.observe(p);
            q.fit();
            assertEquals("mse", q.params().extra().get("objective"));
            double mse = Attention.outputError(p, q.quantize(p), v);
            q.fit(Attention.view(p, v, Map.of(Attention.PROBS, q)));
            assertEquals("layer", q.params().extra().get("objective"));
            double layer = Attention.outputError(p, q.quantize(p), v);
            assertTrue(layer <= mse * (1 + 1e-6), bits + " bits: layer fit " + layer + " > MSE fit " + mse);
        }
    }

    @Test
    void layerObjectiveFalseKeepsTheMseFit() {
        Tensor p = Attention.probs(1, 2, 16, 2.5, 5);
        Tensor v = Attention.values(1, 2, 16, 4, 6);
        TanTensorQuantizer q = create(4, Granularity.PER_TENSOR, 0, Map.of("layer_objective", false));
        q.observe(p);
        q.fit();
        Object before = q.params();
        q.fit(Attention.view(p, v, Map.of()));
        assertEquals(before, q.params());
    }

    @Test
    void perHeadFitsEachHead() {
        Tensor p = Attention.probs(2, 2, 16, 1.0, 7);
        float[] d = p.data();
        for (int i = 16 * 16; i < 2 * 16 * 16; i++) {
            d[i] = d[i] * 0.25f; // head 1 of image 0 much smaller
        }
        TanTensorQuantizer q = create(4, Granularity.PER_HEAD, 2, Map.of("scale", "max"));
        q.observe(p);
        q.fit();
        assertEquals(2, q.params().scale().size());
        assertThrows(IllegalArgumentException.class, () -> q.quantize(Tensor.zeros(1, 3, 4, 4)));
    }

    @Test
    void rejectsUnsupportedConfigurations() {
        TanQuantizer t = new TanQuantizer();
        assertThrows(IllegalArgumentException.class, () -> t.validate(
                new QuantizerConfig(4, Granularity.PER_CHANNEL, false, "search", 0, Map.of())));
        assertThrows(IllegalArgumentException.class, () -> t.validate(
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "minmax", 0, Map.of())));
        assertThrows(IllegalArgumentException.class, () -> t.validate(
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "search", 0, Map.of("bogus", 1))));
        assertThrows(IllegalArgumentException.class, () -> t.validate(
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "search", 0, Map.of("angles_zero", List.of(2.0)))));
        assertThrows(IllegalArgumentException.class, () -> t.validate(
                new QuantizerConfig(4, Granularity.PER_TENSOR, false, "search", 0, Map.of("percentile", 0.99))));
        t.validate(new QuantizerConfig(4, Granularity.PER_TENSOR, false, "search", 0,
                Map.of("scale", 1.0, "paradigm", "sequential")));
    }

    @Test
    void quantizeBeforeFitThrows() {
        TensorQuantizer q = create(4, Granularity.PER_TENSOR, 0, Map.of());
        assertThrows(IllegalStateException.class, () -> q.quantize(Tensor.zeros(1, 1, 2, 2)));
    }
}
