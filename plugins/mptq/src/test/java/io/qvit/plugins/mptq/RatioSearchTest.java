package io.qvit.plugins.mptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantizerConfig;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OPT-m's layer search on a GELU-fed linear layer. */
class RatioSearchTest {

    private static TensorQuantizer fitted(Tensor x, int bits, Map<String, Object> options) {
        TensorQuantizer q = new OptmQuantizer().create(TestLayer.INPUT,
                new QuantizerConfig(bits, Granularity.PER_TENSOR, false, "minmax", 0, options));
        q.observe(x);
        q.fit();
        return q;
    }

    @Test
    void theSearchLowersTheLayerErrorAndKeepsAFineNegativeStep() {
        Tensor x = TestLayer.geluInputs(512, 64, 1);
        Tensor w = TestLayer.weights(32, 64, 2);
        TensorQuantizer q = fitted(x, 4, Map.of("rows", 128));
        ((OptmTensorQuantizer) q).fit(new TestLayer(x, w, q));
        Map<String, Object> extra = q.params().extra();
        double before = ((Number) extra.get("initial_layer_error")).doubleValue();
        double after = ((Number) extra.get("layer_error")).doubleValue();
        System.out.printf("mptq.optm 4 bits: layer error %.5g -> %.5g, m = %s%n", before, after, extra.get("ratio_exponent"));
        assertTrue(after < before, "the search must improve on the min/max start: " + before + " -> " + after);
        assertTrue(((Number) extra.get("ratio_exponent")).intValue() >= 2, "GELU's narrow tail wants a finer negative step");
        assertEquals(true, extra.get("searched"));
    }

    @Test
    void aSearchedRatioBeatsTheBestPlainSymmetricGrid() {
        Tensor x = TestLayer.geluInputs(512, 64, 3);
        Tensor w = TestLayer.weights(32, 64, 4);
        TensorQuantizer twin = fitted(x, 4, Map.of("rows", 128));
        ((OptmTensorQuantizer) twin).fit(new TestLayer(x, w, twin));
        TensorQuantizer plain = fitted(x, 4, Map.of("rows", 128, "max_ratio_exponent", 0));
        ((OptmTensorQuantizer) plain).fit(new TestLayer(x, w, plain));
        double e2 = ((Number) twin.params().extra().get("layer_error")).doubleValue();
        double e1 = ((Number) plain.params().extra().get("layer_error")).doubleValue();
        assertTrue(e2 < e1, "two regions " + e2 + " vs one " + e1);
    }

    @Test
    void theSearchIsDeterministic() {
        Tensor x = TestLayer.geluInputs(300, 32, 5);
        Tensor w = TestLayer.weights(16, 32, 6);
        TensorQuantizer a = fitted(x, 3, Map.of("rows", 64));
        TensorQuantizer b = fitted(x, 3, Map.of("rows", 64));
        ((OptmTensorQuantizer) a).fit(new TestLayer(x, w, a));
        ((OptmTensorQuantizer) b).fit(new TestLayer(x, w, b));
        assertEquals(a.params().extra(), b.params().extra());
        assertEquals(a.params().scale().data()[0], b.params().scale().data()[0]);
    }
}
