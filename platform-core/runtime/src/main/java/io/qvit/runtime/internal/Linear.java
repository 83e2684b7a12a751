package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedMatrix.NR;

/**
 * A fully connected layer {@code y = x · Wᵀ + b} with its weight packed once at build time, run
 * in parallel over row blocks (and panel groups when there are few rows).
 */
public final class Linear {
    private final PackedMatrix weight;
    private final float[] bias;
    private final int in;
    private final int out;

    /**
     * Packs {@code weight [out x in]} (PyTorch layout) and pads {@code bias} (length {@code out}, or
     * null for none).
     */
    public Linear(float[] weight, float[] bias, int out, int in) {
        this.in = in;
        this.out = out;
        this.weight = PackedMatrix.ofTransposed(weight, 0, in, out, in);
        this.bias = new float[PackedMatrix.panels(out) * NR];
        if (bias != null) {
            System.arraycopy(bias, 0, this.bias, 0, out);
        }
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    /** Floating-point operations for {@code rows} rows (2 per multiply-add). */
    public long flops(long rows) {
        return 2L * rows * in * out;
    }

    /**
     * Computes {@code rows} rows: {@code y[yOff + i*out ...] (+)= x[xOff + i*in ...] · Wᵀ + b}.
     *
     * @param accumulate add into {@code y} instead of overwriting it (fused residual add)
     */
    public void forward(float[] x, int xOff, int rows, float[] y, int yOff, boolean accumulate,
            WorkerPool pool, float[][] tiles) {
        ProductTasks.run(pool, rows, PackedMatrix.panels(out), (r0, r1, p0, p1, worker) ->
                Gemm.multiply(x, xOff, in, r0, r1, weight, p0, p1, bias, y, yOff, out, accumulate, tiles[worker]));
    }
}
