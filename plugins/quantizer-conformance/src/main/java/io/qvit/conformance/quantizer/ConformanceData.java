package io.qvit.conformance.quantizer;

import io.qvit.api.quant.Granularity;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * The kit's test tensors: seeded Gaussian data with a different scale and offset per channel, so
 * that channels, rows and heads differ and every failure reproduces.
 */
final class ConformanceData {

    private ConformanceData() {
    }

    /**
     * Seeded test data of {@code shape}: Gaussian with a per-channel scale (0.25..2) and offset, so
     * channels, rows and heads differ; activations are skewed like post-GELU values.
     */
    static Tensor calibration(ConformanceCase c, int[] shape, long seed) {
        Random random = new Random(seed * 7919 + c.displayName().hashCode());
        QuantizationGroups channels = channelsOf(c, shape);
        float[] d = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < d.length; i++) {
            int ch = channels.groupOf(i);
            float v = (float) random.nextGaussian() * (0.25f + 0.25f * (ch % 8)) + 0.1f * ((ch % 5) - 2);
            d[i] = c.site().role().isWeight() ? v : Math.max(v, -0.17f * (1 + ch % 3));
        }
        return Tensor.of(d, shape);
    }

    /** Test data of the case's shape at twice the calibration range. */
    static Tensor widened(ConformanceCase c, long seed) {
        return scaled(calibration(c, c.shape(), seed), 2f);
    }

    /** A copy of {@code t} with every value multiplied by {@code factor}. */
    static Tensor scaled(Tensor t, float factor) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        return Tensor.of(d, t.shape());
    }

    /** The calibration data of seed {@code seed}: whole for weights, split into two batches for activations. */
    static Tensor[] batches(ConformanceCase c, long seed) {
        Tensor all = calibration(c, c.shape(), seed);
        if (c.site().role().isWeight()) {
            return new Tensor[] {all};
        }
        int[] shape = all.shape();
        int half = shape[0] / 2;
        int per = all.size() / shape[0];
        int[] s1 = shape.clone();
        s1[0] = half;
        int[] s2 = shape.clone();
        s2[0] = shape[0] - half;
        return new Tensor[] {
            Tensor.of(Arrays.copyOfRange(all.data(), 0, half * per), s1),
            Tensor.of(Arrays.copyOfRange(all.data(), half * per, all.size()), s2)};
    }

    /** Channels in the data generator's sense: rows of weights, last axis of activations, heads of per-head operands. */
    static QuantizationGroups channelsOf(ConformanceCase c, int[] shape) {
        Granularity g = c.config().granularity() == Granularity.PER_HEAD ? Granularity.PER_HEAD : Granularity.PER_CHANNEL;
        return QuantizationGroups.of(shape, c.site(), g, c.config().heads());
    }
}
