package io.qvit.plugins.uniform;

import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantSite;
import java.util.Arrays;

/**
 * Where the quantization groups (one scale/zero-point pair each) lie in a row-major tensor, seen
 * as {@code [outer, groups, inner]}: element {@code (o, g, k)} is at {@code (o·groups + g)·inner + k}.
 *
 * <ul>
 *   <li>per tensor: {@code [1, 1, n]};</li>
 *   <li>per channel, weights {@code [out, in, ...]}: one group per output row (axis 0),
 *       {@code [1, out, n/out]};</li>
 *   <li>per channel, activations {@code [..., C]}: one group per last-axis channel,
 *       {@code [n/C, C, 1]};</li>
 *   <li>per head, attention operands {@code [B, H, T, d]}: one group per head (axis 1),
 *       {@code [B, H, T·d]}.</li>
 * </ul>
 *
 * @param outer repetitions of the group pattern
 * @param groups number of groups
 * @param inner contiguous values of one group per repetition
 */
record GroupLayout(int outer, int groups, int inner) {
    private static final int BLOCK = 16;

    /**
     * The layout of a tensor of {@code shape} at {@code site}.
     *
     * @throws IllegalArgumentException naming the site when the shape does not fit the granularity
     */
    static GroupLayout of(int[] shape, QuantSite site, Granularity granularity, int heads) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n == 0) {
            throw new IllegalArgumentException("site " + site.id() + ": empty tensor " + Arrays.toString(shape));
        }
        int size = (int) n;
        switch (granularity) {
            case PER_TENSOR:
                return new GroupLayout(1, 1, size);
            case PER_CHANNEL:
                if (shape.length == 0) {
                    throw new IllegalArgumentException("site " + site.id()
                            + ": per-channel granularity needs a tensor with at least one axis, got a scalar");
                }
                if (site.role().isWeight()) {
                    return new GroupLayout(1, shape[0], size / shape[0]);
                }
                int channels = shape[shape.length - 1];
                return new GroupLayout(size / channels, channels, 1);
            case PER_HEAD:
                if (shape.length != 4 || shape[1] != heads) {
                    throw new IllegalArgumentException("site " + site.id() + ": per-head granularity with heads="
                            + heads + " expects an attention operand shaped [B, H=" + heads + ", T, d], got "
                            + Arrays.toString(shape)
                            + (shape.length == 4 ? " (axis 1 has " + shape[1] + " heads)" : " (rank " + shape.length + ")"));
                }
                return new GroupLayout(shape[0], heads, shape[2] * shape[3]);
            default:
                throw new IllegalArgumentException("site " + site.id() + ": unsupported granularity " + granularity);
        }
    }

    /** Values per group: {@code outer·inner}. */
    int perGroup() {
        return outer * inner;
    }

    /**
     * A copy of {@code data} with each group's values contiguous: group {@code g} occupies
     * {@code [g·perGroup(), (g + 1)·perGroup())} (a transpose for per-channel activations).
     */
    float[] grouped(float[] data) {
        if (groups == 1) {
            return data.clone();
        }
        float[] out = new float[data.length];
        int per = perGroup();
        if (inner == 1) {
            // Blocked transpose: BLOCK rows at a time, so each group's writes fill whole cache lines.
            for (int o0 = 0; o0 < outer; o0 += BLOCK) {
                int o1 = Math.min(outer, o0 + BLOCK);
                for (int g = 0; g < groups; g++) {
                    int dst = g * per;
                    for (int o = o0; o < o1; o++) {
                        out[dst + o] = data[o * groups + g];
                    }
                }
            }
        } else {
            for (int o = 0; o < outer; o++) {
                for (int g = 0; g < groups; g++) {
                    System.arraycopy(data, (o * groups + g) * inner, out, g * per + o * inner, inner);
                }
            }
        }
        return out;
    }
}
