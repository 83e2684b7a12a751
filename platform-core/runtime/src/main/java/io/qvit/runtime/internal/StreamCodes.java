package io.qvit.runtime.internal;

/**
 * The fixed codes of the integer residual stream (16 bits at its first scale): the position table
 * {@code rint(pos / s)} and the class (and distillation) token rows, and the first stream assembled
 * from them and the requantized patch tokens.
 */
final class StreamCodes {
    private final int dim;
    private final int prefix;
    private final int patches;
    private final int tokens;
    private final int bits;
    private final int[] positions;
    private final int[][] prefixTokens;

    /** The codes of the model's {@code pos_embed}, {@code cls_token} (and {@code dist_token}) at {@code scale}. */
    StreamCodes(IntVitConversion cv, double scale, int bits, boolean distilled) {
        this.dim = cv.shape.dim();
        this.prefix = cv.shape.prefix();
        this.patches = cv.shape.patches();
        this.tokens = cv.shape.tokens();
        this.bits = bits;
        float[] pos = cv.weights("pos_embed");
        this.positions = positionCodes(pos, scale);
        this.prefixTokens = prefixCodes(cv.weights("cls_token"), distilled ? cv.weights("dist_token") : null, pos,
                scale, bits);
    }

    /**
     * The stream {@code [batch, tokens, dim]}: the token rows, then each patch's codes plus its
     * position, clamped to the stream's bits.
     *
     * @param patchCodes the patch tokens {@code [batch, patches, dim]} at the stream's scale
     */
    int[] assemble(int[] patchCodes, int batch, IntRowParallel par) {
        int[] x = new int[batch * tokens * dim];
        par.run(batch, (b, worker) -> {
            int base = b * tokens * dim;
            for (int t = 0; t < prefix; t++) {
                System.arraycopy(prefixTokens[t], 0, x, base + t * dim, dim);
            }
            for (int p = 0; p < patches; p++) {
                int dst = base + (prefix + p) * dim;
                int src = (b * patches + p) * dim;
                int pos = (prefix + p) * dim;
                for (int j = 0; j < dim; j++) {
                    x[dst + j] = FixedPoint.clamp((long) patchCodes[src + j] + positions[pos + j], bits);
                }
            }
        });
        return x;
    }

    /** Bytes of the int32 position table and token rows. */
    long weightBytes() {
        return 4L * positions.length + 4L * prefix * dim;
    }

    /** The int32 position table {@code rint(pos / streamScale)} added to the patch tokens' stream. */
    static int[] positionCodes(float[] pos, double streamScale) {
        int[] r = new int[pos.length];
        for (int i = 0; i < pos.length; i++) {
            r[i] = toInt(pos[i] / streamScale, "pos_embed");
        }
        return r;
    }

    /**
     * The class (and distillation) token rows of the integer stream,
     * {@code clamp(rint((token + pos) / streamScale))}, one rounding each.
     *
     * @param dist the distillation token, or null
     */
    static int[][] prefixCodes(float[] cls, float[] dist, float[] pos, double streamScale, int streamBits) {
        int dim = cls.length;
        int[][] r = new int[dist == null ? 1 : 2][dim];
        for (int j = 0; j < dim; j++) {
            r[0][j] = FixedPoint.clamp(toInt((cls[j] + pos[j]) / streamScale, "cls_token"), streamBits);
            if (dist != null) {
                r[1][j] = FixedPoint.clamp(toInt((dist[j] + pos[dim + j]) / streamScale, "dist_token"), streamBits);
            }
        }
        return r;
    }

    private static int toInt(double v, String what) {
        double r = Math.rint(v);
        if (Math.abs(r) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " does not fit int32 at the stream scale: " + v);
        }
        return (int) r;
    }
}
