package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.SiteRole;

/**
 * One block's integer multi-head self-attention, from the int8 {@code q, k, v} to the int8 input of
 * the output projection: {@code q·kᵀ} int32, requantized (with {@code dh^-1/2}) to the softmax
 * input, Shiftmax to {@code probs} at {@code 2^-(bits-1)}, {@code probs·v} int32, requantized to
 * {@code proj.input}.
 */
final class IntAttention {
    private final int dim;
    private final int tokens;
    private final int heads;
    private final int headDim;
    private final Dyadic logits;
    private final IntSiteScales.Activation softmaxIn;
    private final int probBits;
    private final Dyadic context;
    private final IntSiteScales.Activation projIn;

    /** The constants of block {@code scope}'s attention, given the scales of its q, k and v grids. */
    IntAttention(IntVitConversion cv, String scope, double q, double k, double v) {
        this.dim = cv.shape.dim();
        this.tokens = cv.shape.tokens();
        this.heads = cv.shape.heads();
        this.headDim = cv.shape.headDim();
        this.softmaxIn = cv.act(scope, SiteRole.SOFTMAX_INPUT, 16);
        this.logits = cv.dyadic(scope + ".q·k->softmax.input", q * k * Math.pow(headDim, -0.5) / softmaxIn.scale());
        this.probBits = cv.act(scope, SiteRole.ATTN_PROBS, 16).bits();
        IntGemm.checkRange(scope + " attention probs·v", tokens, 1L << (probBits - 1), 0);
        this.projIn = cv.act(scope, SiteRole.PROJ_INPUT, 8);
        this.context = cv.dyadic(scope + ".probs·v->proj.input", Math.scalb(v, -(probBits - 1)) / projIn.scale());
    }

    /** The grid of the output, {@code proj.input}. */
    IntSiteScales.Activation output() {
        return projIn;
    }

    /** Integer multiply-adds of one image ({@code q·kᵀ} and {@code probs·v} of every head). */
    long macs() {
        return 2L * heads * tokens * tokens * headDim;
    }

    /**
     * The int8 context {@code [batch, tokens, dim]} of the int8 {@code qkv} rows
     * {@code [batch, tokens, 3·dim]}, one task per image and head.
     */
    int[] forward(int[] qkv, int batch, IntegerKernel kernel, IntRowParallel par) {
        int ld = 3 * dim;
        int[] ctx = new int[batch * tokens * dim];
        int n = tokens;
        int dh = headDim;
        Dyadic[] logitsFactor = {logits};
        Dyadic[] contextFactor = {context};
        par.run(batch * heads, (task, worker) -> {
            int b = task / heads;
            int h = task % heads;
            int[] q = new int[n * dh];
            int[] k = new int[n * dh];
            int[] v = new int[n * dh];
            for (int t = 0; t < n; t++) {
                int src = (b * n + t) * ld + h * dh;
                System.arraycopy(qkv, src, q, t * dh, dh);
                System.arraycopy(qkv, src + dim, k, t * dh, dh);
                System.arraycopy(qkv, src + 2 * dim, v, t * dh, dh);
            }
            int[] logitsInt = new int[n * n];
            int[] tile = par.tile(worker);
            // q·kᵀ: k's rows [n x dh] are exactly a Linear weight's layout.
            IntGemm.multiply(q, 0, dh, 0, n, PackedInt8.ofTransposed(k, 0, dh, n, dh), 0, PackedInt8.panels(n),
                    new int[PackedInt8.panels(n) * PackedInt8.NR], logitsInt, 0, n, tile);
            IntTensor sm = kernel.requantize(IntTensor.of(logitsInt, 1, n, n), logitsFactor, softmaxIn.scale(),
                    softmaxIn.bits());
            int[] probs = kernel.softmax(sm, probBits).data();
            int[] c = new int[n * dh];
            // probs (16-bit) · v [n x dh]; the int32 bound was checked at conversion.
            IntGemm.multiply(probs, 0, n, 0, n, PackedInt8.of(v, 0, dh, n, dh), 0, PackedInt8.panels(dh),
                    new int[PackedInt8.panels(dh) * PackedInt8.NR], c, 0, dh, tile);
            int[] c8 = kernel.requantize(IntTensor.of(c, 1, n, dh), contextFactor, projIn.scale(),
                    projIn.bits()).data();
            for (int t = 0; t < n; t++) {
                System.arraycopy(c8, t * dh, ctx, (b * n + t) * dim + h * dh, dh);
            }
        });
        return ctx;
    }
}
