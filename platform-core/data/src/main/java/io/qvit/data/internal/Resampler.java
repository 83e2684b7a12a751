package io.qvit.data.internal;

import io.qvit.data.Image8;
import io.qvit.data.Resampling;

/**
 * PIL's two-pass 8-bit resampling ({@code ImagingResampleInner} with the {@code _8bpc} passes):
 * a horizontal pass over only the source rows the vertical pass will read, rounded and clipped to
 * uint8, then a vertical pass, rounded and clipped again. A pass is skipped when PIL skips it.
 *
 * <p>It can produce just a window of the output (for resize-then-crop); every output pixel
 * depends only on its own taps, so the window is bit-identical to cropping the full result.
 */
public final class Resampler {
    private static final int HALF = 1 << (ResampleCoefficients.PRECISION_BITS - 1);

    private Resampler() {
    }

    /**
     * Resamples the region {@code box} = (left, top, right, bottom) of {@code in} to
     * {@code outW x outH} and returns the window {@code (winX, winY, winW, winH)} of the result.
     */
    public static Image8 resample(Image8 in, int outW, int outH, Resampling filter, float[] box,
                                  int winX, int winY, int winW, int winH) {
        if (outW <= 0 || outH <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outW + "x" + outH);
        }
        if (winX < 0 || winY < 0 || winW <= 0 || winH <= 0 || winX + winW > outW || winY + winH > outH) {
            throw new IllegalArgumentException("window " + winX + "," + winY + " " + winW + "x" + winH
                    + " outside the " + outW + "x" + outH + " output");
        }
        int c = in.channels();
        boolean needH = outW != in.width() || box[0] != 0 || box[2] != outW;
        boolean needV = outH != in.height() || box[1] != 0 || box[3] != outH;

        // Source rows (of the image entering the vertical pass) and where they come from.
        ResampleCoefficients vert = needV ? ResampleCoefficients.compute(in.height(), box[1], box[3], outH, filter) : null;
        int rowFirst;
        int rowEnd;
        if (needV) {
            rowFirst = Integer.MAX_VALUE;
            rowEnd = 0;
            for (int y = winY; y < winY + winH; y++) {
                rowFirst = Math.min(rowFirst, vert.first(y));
                rowEnd = Math.max(rowEnd, vert.first(y) + vert.count(y));
            }
        } else {
            rowFirst = winY;
            rowEnd = winY + winH;
        }
        int rows = rowEnd - rowFirst;

        // Horizontal pass: rows [rowFirst, rowEnd) of the source, window columns only.
        byte[] tmp;
        if (needH) {
            ResampleCoefficients hor = ResampleCoefficients.compute(in.width(), box[0], box[2], outW, filter);
            tmp = horizontal(in, hor, rowFirst, rows, winX, winW);
        } else {
            tmp = new byte[rows * winW * c];
            byte[] src = in.pixels();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(src, ((rowFirst + r) * in.width() + winX) * c, tmp, r * winW * c, winW * c);
            }
        }
        if (!needV) {
            return new Image8(winW, winH, c, tmp);
        }
        return new Image8(winW, winH, c, vertical(tmp, winW, c, vert, rowFirst, winY, winH));
    }

    private static byte[] horizontal(Image8 in, ResampleCoefficients hor, int rowFirst, int rows, int winX, int winW) {
        int c = in.channels();
        int inW = in.width();
        byte[] src = in.pixels();
        byte[] out = new byte[rows * winW * c];
        int[] k = hor.fixedArray();
        int ksize = hor.ksize();
        if (c == 3) {
            return horizontalRgb(src, inW, hor, rowFirst, rows, winX, winW);
        }
        int[] acc = new int[c];
        for (int r = 0; r < rows; r++) {
            int rowBase = (rowFirst + r) * inW * c;
            int outBase = r * winW * c;
            for (int xx = 0; xx < winW; xx++) {
                int ox = winX + xx;
                int xmin = hor.first(ox);
                int n = hor.count(ox);
                int kb = ox * ksize;
                java.util.Arrays.fill(acc, HALF);
                int p = rowBase + xmin * c;
                for (int t = 0; t < n; t++) {
                    int w = k[kb + t];
                    for (int ch = 0; ch < c; ch++) {
                        acc[ch] += (src[p + ch] & 0xff) * w;
                    }
                    p += c;
                }
                for (int ch = 0; ch < c; ch++) {
                    out[outBase + xx * c + ch] = clip8(acc[ch]);
                }
            }
        }
        return out;
    }

    /** The three-channel case of {@link #horizontal}, with the accumulators in locals. */
    private static byte[] horizontalRgb(byte[] src, int inW, ResampleCoefficients hor, int rowFirst, int rows, int winX, int winW) {
        byte[] out = new byte[rows * winW * 3];
        int[] k = hor.fixedArray();
        int ksize = hor.ksize();
        for (int r = 0; r < rows; r++) {
            int rowBase = (rowFirst + r) * inW * 3;
            int o = r * winW * 3;
            for (int xx = 0; xx < winW; xx++) {
                int ox = winX + xx;
                int n = hor.count(ox);
                int kb = ox * ksize;
                int a0 = HALF;
                int a1 = HALF;
                int a2 = HALF;
                int p = rowBase + hor.first(ox) * 3;
                for (int t = 0; t < n; t++, p += 3) {
                    int w = k[kb + t];
                    a0 += (src[p] & 0xff) * w;
                    a1 += (src[p + 1] & 0xff) * w;
                    a2 += (src[p + 2] & 0xff) * w;
                }
                out[o++] = clip8(a0);
                out[o++] = clip8(a1);
                out[o++] = clip8(a2);
            }
        }
        return out;
    }

    private static byte[] vertical(byte[] src, int width, int c, ResampleCoefficients vert, int rowFirst, int winY, int winH) {
        byte[] out = new byte[winH * width * c];
        int[] k = vert.fixedArray();
        int ksize = vert.ksize();
        int stride = width * c;
        int[] acc = new int[stride];
        for (int yy = 0; yy < winH; yy++) {
            int oy = winY + yy;
            int ymin = vert.first(oy) - rowFirst;
            int n = vert.count(oy);
            int kb = oy * ksize;
            int outBase = yy * stride;
            java.util.Arrays.fill(acc, HALF);
            for (int t = 0; t < n; t++) {
                int w = k[kb + t];
                int p = (ymin + t) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (src[p + i] & 0xff) * w;
                }
            }
            for (int i = 0; i < stride; i++) {
                out[outBase + i] = clip8(acc[i]);
            }
        }
        return out;
    }

    private static byte clip8(int acc) {
        int v = acc >> ResampleCoefficients.PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
}
