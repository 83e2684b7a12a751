package io.qvit.runtime.internal;

import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.tensor.Tensor;

/**
 * One Swin stage, timm 0.9 layout: an optional patch merging ({@code layers.N.downsample}, for
 * N &gt;= 1; its reduction takes an optional bias, see {@link WeightSpec#optional}) followed by blocks that alternate plain and shifted windows. Holds the window
 * geometry: token permutations for window partition (with cyclic shift), the dense relative
 * position bias of every block and the shifted-window attention mask.
 */
final class SwinStage {
    final int index;
    final int dim;
    final int resolution;
    final int window;
    final int shift;
    final int heads;
    final int headDim;
    final int hidden;
    final int windows;
    final int area;
    final int tokens;
    final String scope;
    final float[] mergeNormWeight;
    final float[] mergeNormBias;
    final Linear reduction;
    final VitBlock[] blocks;
    /** Per block: {@code [heads][area][area]} relative position bias. */
    final float[][] bias;
    /** {@code [windows][area][area]}: 0 or -100 (timm's value), for shifted blocks. */
    final float[] mask;
    /** Windowed position (window-major, then row-major within the window) to token index, unshifted. */
    final int[] plainOrder;
    /** The same with timm's cyclic shift by {@code -shift} applied before partitioning. */
    final int[] shiftedOrder;

    SwinStage(VisionModel m, int index) {
        ModelConfig c = m.config();
        this.index = index;
        this.dim = WeightSpec.swinDim(c, index);
        this.resolution = WeightSpec.swinResolution(c, index);
        this.window = WeightSpec.swinWindow(c, index);
        this.shift = resolution <= c.windowSize() ? 0 : c.windowSize() / 2;
        this.heads = c.heads().get(index);
        this.headDim = dim / heads;
        this.hidden = WeightSpec.hidden(c, dim);
        this.windows = (resolution / window) * (resolution / window);
        this.area = window * window;
        this.tokens = resolution * resolution;
        this.scope = "layers." + index;
        if (index > 0) {
            String p = scope + ".downsample.";
            int prev = WeightSpec.swinDim(c, index - 1);
            mergeNormWeight = VitGraph.w(m, p + "norm.weight");
            mergeNormBias = VitGraph.w(m, p + "norm.bias");
            Tensor reductionBias = m.weights().get(p + "reduction.bias");
            reduction = new Linear(VitGraph.w(m, p + "reduction.weight"),
                    reductionBias == null ? null : reductionBias.data(), dim, 4 * prev);
        } else {
            mergeNormWeight = null;
            mergeNormBias = null;
            reduction = null;
        }
        int depth = c.depths().get(index);
        blocks = new VitBlock[depth];
        bias = new float[depth][];
        for (int j = 0; j < depth; j++) {
            String bs = scope + ".blocks." + j;
            blocks[j] = VitBlock.of(m, bs, bs + ".", dim, hidden);
            bias[j] = denseBias(m.weight(bs + ".attn.relative_position_bias_table").data());
        }
        plainOrder = order(0);
        shiftedOrder = order(shift);
        mask = shift > 0 ? shiftMask() : null;
    }

    /** Whether block {@code j} uses shifted windows. */
    boolean shifted(int j) {
        return shift > 0 && j % 2 == 1;
    }

    private float[] denseBias(float[] table) {
        int side = 2 * window - 1;
        float[] b = new float[heads * area * area];
        for (int n = 0; n < area; n++) {
            int yn = n / window;
            int xn = n % window;
            for (int k = 0; k < area; k++) {
                int idx = (yn - k / window + window - 1) * side + (xn - k % window + window - 1);
                for (int h = 0; h < heads; h++) {
                    b[(h * area + n) * area + k] = table[idx * heads + h];
                }
            }
        }
        return b;
    }

    private int[] order(int s) {
        int perSide = resolution / window;
        int[] o = new int[tokens];
        for (int w = 0; w < windows; w++) {
            int wy = w / perSide;
            int wx = w % perSide;
            for (int n = 0; n < area; n++) {
                int y = (wy * window + n / window + s) % resolution;
                int x = (wx * window + n % window + s) % resolution;
                o[w * area + n] = y * resolution + x;
            }
        }
        return o;
    }

    private int region(int coord) {
        if (coord < resolution - window) {
            return 0;
        }
        return coord < resolution - shift ? 1 : 2;
    }

    private float[] shiftMask() {
        int perSide = resolution / window;
        float[] m = new float[windows * area * area];
        int[] id = new int[area];
        for (int w = 0; w < windows; w++) {
            int wy = w / perSide;
            int wx = w % perSide;
            for (int n = 0; n < area; n++) {
                id[n] = 3 * region(wy * window + n / window) + region(wx * window + n % window);
            }
            for (int n = 0; n < area; n++) {
                for (int k = 0; k < area; k++) {
                    m[(w * area + n) * area + k] = id[n] == id[k] ? 0f : -100f;
                }
            }
        }
        return m;
    }
}
