package io.qvit.runtime.internal;

/**
 * The activation workspace of a {@link VitGraph} for one batch size, kept between forward passes.
 * Every array has exactly the size of the tensor it holds, so hooks can see it as a tensor.
 */
final class VitBuffers {
    final int batch;
    final float[] img;
    final float[] cols;
    final float[] patches;
    final float[] x;
    final float[] xn;
    final float[] qkv;
    final float[] ctx;
    final float[] hidden;
    float[] q;
    float[] k;
    float[] v;
    float[] attn;

    VitBuffers(int batch, int imageSize, int patches, int patchLength, int tokens, int dim, int hidden) {
        this.batch = batch;
        this.img = new float[batch * imageSize];
        this.cols = new float[batch * patches * patchLength];
        this.patches = new float[batch * patches * dim];
        this.x = new float[batch * tokens * dim];
        this.xn = new float[batch * tokens * dim];
        this.qkv = new float[batch * tokens * 3 * dim];
        this.ctx = new float[batch * tokens * dim];
        this.hidden = new float[batch * tokens * hidden];
    }

    /** Allocates the per-head q, k, v and attention-matrix buffers that hooks see (once). */
    void allocateHookBuffers(int heads, int tokens) {
        if (q == null) {
            q = new float[ctx.length];
            k = new float[ctx.length];
            v = new float[ctx.length];
            attn = new float[batch * heads * tokens * tokens];
        }
    }
}
