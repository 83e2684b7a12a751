package io.qvit.runtime.internal;

/**
 * The activation workspace of one {@link SwinStage} for one batch size. Every array has exactly
 * the size of the tensor it holds, so hooks can see it as a tensor.
 */
final class SwinBuffers {
    final float[] x;
    final float[] xn;
    final float[] windowed;
    final float[] qkv;
    final float[] ctx;
    final float[] out;
    final float[] hidden;
    final float[] merged;
    float[] q;
    float[] k;
    float[] v;
    float[] attn;
    private final int batch;

    SwinBuffers(SwinStage s, int batch, int prevDim) {
        this.batch = batch;
        int rows = batch * s.tokens;
        x = new float[rows * s.dim];
        xn = new float[rows * s.dim];
        windowed = new float[rows * s.dim];
        qkv = new float[rows * 3 * s.dim];
        ctx = new float[rows * s.dim];
        out = new float[rows * s.dim];
        hidden = new float[rows * s.hidden];
        merged = s.index > 0 ? new float[rows * 4 * prevDim] : null;
    }

    /** Allocates the per-head q, k, v and attention-matrix buffers that hooks see (once). */
    void allocateHookBuffers(SwinStage s) {
        if (q == null) {
            q = new float[x.length];
            k = new float[x.length];
            v = new float[x.length];
            attn = new float[batch * s.windows * s.heads * s.area * s.area];
        }
    }
}
