package io.qvit.conformance.quantizer;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import java.util.Arrays;

/**
 * Which quantization group (scale/zero-point pair) each value of a row-major tensor belongs to, as
 * the API's {@link Granularity} defines it: per tensor, one group; per channel, one group per
 * output row (axis 0) for weight sites and one per last-axis channel for activation sites; per
 * head, one group per head (axis 1) of an attention operand {@code [B, H, T, d]}. The tensor is
 * seen as {@code [outer, groups, inner]}.
 *
 * @param outer repetitions of the group pattern
 * @param groups number of groups
 * @param inner contiguous values of one group per repetition
 */
public record QuantizationGroups(int outer, int groups, int inner) {

    /**
     * The groups of a tensor of {@code shape} at {@code site}.
     *
     * @throws IllegalArgumentException if the shape does not fit the granularity
     */
    public static QuantizationGroups of(int[] shape, QuantSite site, Granularity granularity, int heads) {
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        return switch (granularity) {
            case PER_TENSOR -> new QuantizationGroups(1, 1, n);
            case PER_CHANNEL -> site.role().isWeight()
                    ? new QuantizationGroups(1, shape[0], n / shape[0])
                    : new QuantizationGroups(n / shape[shape.length - 1], shape[shape.length - 1], 1);
            case PER_HEAD -> {
                if (shape.length != 4 || shape[1] != heads) {
                    throw new IllegalArgumentException("per-head needs [B, " + heads + ", T, d], got " + Arrays.toString(shape));
                }
                yield new QuantizationGroups(shape[0], heads, shape[2] * shape[3]);
            }
        };
    }

    /** The group of the value at flat index {@code i}. */
    public int groupOf(int i) {
        return (i / inner) % groups;
    }

    /** Values per group. */
    public int perGroup() {
        return outer * inner;
    }

    /** The flat index of the {@code j}-th value of group {@code g} ({@code 0 <= j < perGroup()}). */
    public int index(int g, int j) {
        return ((j / inner) * groups + g) * inner + j % inner;
    }
}
