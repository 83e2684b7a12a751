package io.qvit.runtime.internal;

/**
 * Scaled dot-product attention for one (sequence, head) pair, as two packed matrix products:
 * {@code S = q·kᵀ·scale + bias + mask}, softmax over rows, {@code out = P·v}. Operands are strided
 * views into larger buffers (for example q, k and v inside one qkv projection output).
 */
public final class AttentionKernel {
    private AttentionKernel() {
    }

    /**
     * Attention logits {@code s[sOff .. sOff+n*n)} of {@code n} queries against {@code n} keys of
     * width {@code hd}, scaled and with the optional {@code n x n} bias and mask added.
     */
    public static void logits(float[] q, int qOff, int ldq, float[] k, int kOff, int ldk, int n, int hd,
            float scale, float[] bias, int biasOff, float[] mask, int maskOff,
            float[] s, int sOff, WorkerScratch scratch) {
        PackedMatrix packed = scratch.packK;
        packed.packTransposed(k, kOff, ldk, n, hd);
        Gemm.multiply(q, qOff, ldq, 0, n, packed, 0, PackedMatrix.panels(n), scratch.zeros, s, sOff, n, false, scratch.tile);
        VectorMath.scaleAdd(s, sOff, n * n, scale, bias, biasOff, mask, maskOff);
    }

    /** Context {@code out = P · v}: {@code P} is {@code n x n} at {@code pOff}, {@code v} is {@code n x hd}. */
    public static void context(float[] p, int pOff, float[] v, int vOff, int ldv, int n, int hd,
            float[] out, int outOff, int ldo, WorkerScratch scratch) {
        PackedMatrix packed = scratch.packV;
        packed.pack(v, vOff, ldv, n, hd);
        Gemm.multiply(p, pOff, n, 0, n, packed, 0, PackedMatrix.panels(hd), scratch.zeros, out, outOff, ldo, false, scratch.tile);
    }
}
