package io.qvit.plugins.adalog;

/**
 * How the values of a tensor fall into quantization groups: element {@code e} belongs to group
 * {@code (e / run) % count}. Per tensor: one group; per row of a weight {@code [out, in]}:
 * {@code run = in}; per channel of an activation {@code [..., C]}: {@code run = 1, count = C}; per
 * head of an attention operand {@code [B, H, T, d]}: {@code run = T·d, count = H}.
 *
 * @param run length of the contiguous runs of one group
 * @param count number of groups
 */
record Groups(int run, int count) {

    /** The group of element {@code e}. */
    int of(int e) {
        return (e / run) % count;
    }
}
