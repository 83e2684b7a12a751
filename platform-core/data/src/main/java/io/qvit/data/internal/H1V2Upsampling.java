package io.qvit.data.internal;

/**
 * libjpeg-turbo's "fancy" upsampling of 4:4:0 components ({@code h1v2_fancy_upsample}): each
 * output row is 3/4 of the nearest input row plus 1/4 of the next nearest, with biases 1 (row
 * above) and 2 (row below), edge rows duplicated. PIL's libjpeg-turbo does this; a JDK built with
 * IJG libjpeg 6b replicates the rows instead. Given a decoded raster, this recognises the
 * replicated form (every pair of rows 2k, 2k+1 identical in the component) and recomputes the
 * smooth one from the recovered input rows; a raster that was already upsampled smoothly is left
 * alone.
 */
public final class H1V2Upsampling {
    private H1V2Upsampling() {
    }

    /**
     * Re-upsamples band {@code band} of the interleaved {@code samples} ({@code bands} per pixel,
     * {@code width x height}) if its rows are replicated pairs.
     *
     * @return whether the band was rewritten
     */
    public static boolean refine(byte[] samples, int width, int height, int bands, int band) {
        if (height < 2) {
            return false;
        }
        int stride = width * bands;
        for (int y = 0; y + 1 < height; y += 2) {
            int a = y * stride + band;
            int b = a + stride;
            for (int x = 0; x < width; x++, a += bands, b += bands) {
                if (samples[a] != samples[b]) {
                    return false;
                }
            }
        }
        int rows = (height + 1) / 2;
        int[][] in = new int[rows][width];
        for (int k = 0; k < rows; k++) {
            int p = 2 * k * stride + band;
            for (int x = 0; x < width; x++, p += bands) {
                in[k][x] = samples[p] & 0xff;
            }
        }
        for (int k = 0; k < rows; k++) {
            int[] cur = in[k];
            int[] above = in[Math.max(k - 1, 0)];
            int[] below = in[Math.min(k + 1, rows - 1)];
            int p0 = 2 * k * stride + band;
            int p1 = p0 + stride;
            boolean second = 2 * k + 1 < height;
            for (int x = 0; x < width; x++, p0 += bands, p1 += bands) {
                samples[p0] = (byte) ((cur[x] * 3 + above[x] + 1) >> 2);
                if (second) {
                    samples[p1] = (byte) ((cur[x] * 3 + below[x] + 2) >> 2);
                }
            }
        }
        return true;
    }
}
