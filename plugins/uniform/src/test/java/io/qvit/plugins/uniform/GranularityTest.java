package io.qvit.plugins.uniform;

import static io.qvit.plugins.uniform.Fixtures.ACT;
import static io.qvit.plugins.uniform.Fixtures.Q;
import static io.qvit.plugins.uniform.Fixtures.WEIGHT;
import static io.qvit.plugins.uniform.Fixtures.fitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Which axis carries the groups: rows of weights, last axis of activations, axis 1 of attention operands. */
class GranularityTest {

    @Test
    void perChannelWeightsHaveOnePairPerOutputRow() {
        // [3, 4]: row r spans [0, r + 1]
        float[] w = {0f, 1f, 0.5f, 0.2f, 0f, 2f, 1f, 1.5f, 0f, 3f, 2f, 0.1f};
        TensorQuantizer q = fitted(WEIGHT, 8, Granularity.PER_CHANNEL, false, "minmax", Tensor.of(w, 3, 4));
        assertEquals(3, q.params().scale().size());
        assertArrayEquals(new float[] {1f / 255f, 2f / 255f, 3f / 255f}, q.params().scale().data());
        assertArrayEquals(new int[] {3, 4}, q.quantize(Tensor.of(w, 3, 4)).shape());
    }

    @Test
    void perChannelActivationsHaveOnePairPerLastAxisChannel() {
        // [2, 2, 3]: channel c takes values {0, c + 1}
        float[] a = {0f, 0f, 0f, 1f, 2f, 3f, 1f, 2f, 3f, 0f, 0f, 0f};
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_CHANNEL, false, "minmax", Tensor.of(a, 2, 2, 3));
        assertArrayEquals(new float[] {1f / 255f, 2f / 255f, 3f / 255f}, q.params().scale().data());
        assertArrayEquals(a, q.quantize(Tensor.of(a, 2, 2, 3)).data());
        // any leading shape with the same channel count
        assertArrayEquals(new int[] {5, 3}, q.quantize(Tensor.zeros(5, 3)).shape());
    }

    @Test
    void perHeadActivationsHaveOnePairPerAxisOneHead() {
        // [B=2, H=3, T=2, d=2]: head h takes values in [0, h + 1]
        float[] x = new float[2 * 3 * 2 * 2];
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                for (int k = 0; k < 4; k++) {
                    x[(b * 3 + h) * 4 + k] = (h + 1) * (k / 3f);
                }
            }
        }
        TensorQuantizer q = fitted(Q, 8, Granularity.PER_HEAD, false, "minmax", Tensor.of(x, 2, 3, 2, 2));
        assertArrayEquals(new float[] {1f / 255f, 2f / 255f, 3f / 255f}, q.params().scale().data());
        assertEquals(Granularity.PER_HEAD, q.params().granularity());
        assertArrayEquals(new int[] {5, 3, 7, 2}, q.quantize(Tensor.zeros(5, 3, 7, 2)).shape());
    }

    @Test
    void perHeadRejectsAShapeThatIsNotAnAttentionOperand() {
        TensorQuantizer q = Fixtures.create(Q, 8, Granularity.PER_HEAD, false, "minmax");
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> q.observe(Tensor.zeros(2, 197, 192)));
        assertTrue(rank.getMessage().contains("blocks.0.attn.q") && rank.getMessage().contains("[B, H=3, T, d]")
                && rank.getMessage().contains("[2, 197, 192]"), rank.getMessage());
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class, () -> q.observe(Tensor.zeros(2, 4, 5, 6)));
        assertTrue(heads.getMessage().contains("axis 1 has 4 heads"), heads.getMessage());
    }

    @Test
    void channelCountMustStayTheSame() {
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_CHANNEL, false, "minmax", Tensor.zeros(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.quantize(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("blocks.0.fc2.input") && e.getMessage().contains("4 channels (last axis)")
                && e.getMessage().contains("had 3"), e.getMessage());
    }

    @Test
    void perTensorAcceptsAnyShape() {
        TensorQuantizer q = fitted(ACT, 8, Granularity.PER_TENSOR, false, "minmax", Tensor.zeros(2, 3, 4));
        assertEquals(1, q.params().scale().size());
        assertArrayEquals(new int[] {7}, q.quantize(Tensor.zeros(7)).shape());
    }

    @Test
    void calibrationWithNanIsRejectedWithTheSite() {
        TensorQuantizer q = Fixtures.create(ACT, 8, Granularity.PER_TENSOR, false, "minmax");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> q.observe(Fixtures.vec(1f, Float.NaN)));
        assertTrue(e.getMessage().contains("blocks.0.fc2.input") && e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void lifecycleErrorsNameTheSite() {
        TensorQuantizer q = Fixtures.create(ACT, 8, Granularity.PER_TENSOR, false, "minmax");
        IllegalStateException e = assertThrows(IllegalStateException.class, q::fit);
        assertTrue(e.getMessage().contains("blocks.0.fc2.input"), e.getMessage());
        assertThrows(IllegalStateException.class, q::params);
        q.observe(Fixtures.vec(1f));
        q.fit();
        assertThrows(IllegalStateException.class, () -> q.observe(Fixtures.vec(1f)));
        assertThrows(IllegalStateException.class, q::fit);
    }
}
