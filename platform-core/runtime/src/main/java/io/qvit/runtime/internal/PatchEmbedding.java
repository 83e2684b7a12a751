package io.qvit.runtime.internal;

/**
 * The patch-embedding convolution (kernel = stride = patch size) as a matrix product: each patch
 * becomes a row of {@code inChannels·p·p} values in the weight's {@code (c, ky, kx)} order
 * (im2col), multiplied by the packed {@code [dim x inChannels·p·p]} kernel.
 */
public final class PatchEmbedding {
    private final Linear proj;
    private final int inChannels;
    private final int patch;
    private final int image;
    private final int grid;

    /** Packs {@code weight [dim, inChannels, p, p]} and {@code bias [dim]}. */
    public PatchEmbedding(float[] weight, float[] bias, int dim, int inChannels, int patch, int image) {
        this.inChannels = inChannels;
        this.patch = patch;
        this.image = image;
        this.grid = image / patch;
        this.proj = new Linear(weight, bias, dim, inChannels * patch * patch);
    }

    /** Values per patch row. */
    public int patchLength() {
        return inChannels * patch * patch;
    }

    /** Patches per image. */
    public int patches() {
        return grid * grid;
    }

    /** Floating-point operations per image. */
    public long flops() {
        return proj.flops(patches());
    }

    /**
     * Embeds {@code batch} images {@code [B, C, H, W]} into {@code out [B·patches, dim]} (row-major
     * patch order), using {@code cols [B·patches, patchLength]} as im2col workspace.
     */
    public void forward(float[] images, int batch, float[] cols, float[] out, WorkerPool pool, float[][] tiles) {
        int len = patchLength();
        pool.run(batch * grid, (task, worker) -> {
            int b = task / grid;
            int py = task % grid;
            for (int px = 0; px < grid; px++) {
                int row = (b * grid + py) * grid + px;
                int dst = row * len;
                for (int c = 0; c < inChannels; c++) {
                    int src = ((b * inChannels + c) * image + py * patch) * image + px * patch;
                    for (int ky = 0; ky < patch; ky++) {
                        System.arraycopy(images, src + ky * image, cols, dst, patch);
                        dst += patch;
                    }
                }
            }
        });
        proj.forward(cols, 0, batch * patches(), out, 0, false, pool, tiles);
    }
}
