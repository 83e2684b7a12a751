package io.qvit.data.internal;

/**
 * libjpeg's integer colour conversions ({@code jdcolor.c}), reproduced so that a raw JPEG raster
 * becomes exactly the RGB that libjpeg(-turbo) gives PIL: YCbCr to RGB with 16-bit fixed-point
 * tables, YCCK to CMYK, and PIL's own CMYK to RGB ({@code cmyk2rgb} in {@code Convert.c}) applied
 * to the inverted ("Adobe") CMYK that PIL reads from every four-component JPEG.
 */
public final class LibjpegColor {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        int fixCrR = fix(1.40200);
        int fixCbB = fix(1.77200);
        int fixCrG = fix(0.71414);
        int fixCbG = fix(0.34414);
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fixCrR * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fixCbB * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fixCrG * x;
            CB_G[i] = -fixCbG * x + ONE_HALF;
        }
    }

    private LibjpegColor() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** Converts interleaved YCbCr samples (3 per pixel) to RGB in place. */
    public static void ycbcrToRgb(byte[] px, int pixels) {
        for (int i = 0, j = 0; i < pixels; i++, j += 3) {
            int y = px[j] & 0xff;
            int cb = px[j + 1] & 0xff;
            int cr = px[j + 2] & 0xff;
            px[j] = (byte) clamp(y + CR_R[cr]);
            px[j + 1] = (byte) clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
            px[j + 2] = (byte) clamp(y + CB_B[cb]);
        }
    }

    /**
     * Converts four-component samples as libjpeg outputs them for {@code JCS_CMYK} (after its YCCK
     * to CMYK step when {@code ycck}) to RGB the way PIL does: invert all four ({@code "CMYK;I"}),
     * then {@code cmyk2rgb}.
     *
     * @param src 4 samples per pixel
     * @param dst 3 samples per pixel
     */
    public static void adobeCmykToRgb(byte[] src, byte[] dst, int pixels, boolean ycck) {
        for (int i = 0, s = 0, d = 0; i < pixels; i++, s += 4, d += 3) {
            int c0 = src[s] & 0xff;
            int c1 = src[s + 1] & 0xff;
            int c2 = src[s + 2] & 0xff;
            int k = src[s + 3] & 0xff;
            if (ycck) {
                int y = c0;
                int cb = c1;
                int cr = c2;
                c0 = 255 - clamp(y + CR_R[cr]);
                c1 = 255 - clamp(y + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                c2 = 255 - clamp(y + CB_B[cb]);
            }
            // PIL's "CMYK;I" unpacker inverts every sample
            int c = 255 - c0;
            int m = 255 - c1;
            int ye = 255 - c2;
            int nk = k; // 255 - (255 - k)
            dst[d] = (byte) clamp(nk - mulDiv255(c, nk));
            dst[d + 1] = (byte) clamp(nk - mulDiv255(m, nk));
            dst[d + 2] = (byte) clamp(nk - mulDiv255(ye, nk));
        }
    }

    /** PIL's {@code MULDIV255}: {@code a * b / 255} rounded, computed with shifts. */
    static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }
}
