package io.qvit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.data.internal.ResampleCoefficients;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * PIL's resampling on tiny images, against values worked out by hand from Resample.c: the
 * bicubic kernel (a = -0.5), antialiasing support, per-pixel normalisation, 22-bit fixed-point
 * weights, and rounding/clipping after each pass.
 */
class PilResizeTest {

    private static Image8 gray(int w, int h, int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return new Image8(w, h, 1, b);
    }

    private static int[] values(Image8 img) {
        int[] v = new int[img.pixels().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = img.pixels()[i] & 0xff;
        }
        return v;
    }

    @Test
    void bicubicKernelValues() {
        // ((a+2)x - (a+3)) x^2 + 1 for |x| < 1, (((x-5)x+8)x-4) a for |x| < 2, a = -0.5
        assertEquals(1.0, Resampling.BICUBIC.kernel(0), 0);
        assertEquals(0.8671875, Resampling.BICUBIC.kernel(0.25), 0);
        assertEquals(0.2265625, Resampling.BICUBIC.kernel(-0.75), 0);
        assertEquals(-0.0703125, Resampling.BICUBIC.kernel(1.25), 0);
        assertEquals(0.0, Resampling.BICUBIC.kernel(2.0), 0);
        assertEquals(0.75, Resampling.BILINEAR.kernel(-0.25), 0);
    }

    @Test
    void downscaleCoefficientsAreStretchedNormalisedAndFixedPoint() {
        // 4 -> 2: scale 2, support 2*2 = 4; output 0 has center 1.0, taps at (x - 0.5) / 2 =
        // -0.25, 0.25, 0.75, 1.25 -> 0.8671875, 0.8671875, 0.2265625, -0.0703125 (sum 1.890625)
        ResampleCoefficients k = ResampleCoefficients.compute(4, 0f, 4f, 2, Resampling.BICUBIC);
        assertEquals(9, k.ksize());
        assertEquals(0, k.first(0));
        assertEquals(4, k.count(0));
        assertEquals(0.8671875 / 1.890625, k.weight(0, 0), 1e-15);
        assertEquals(-0.0703125 / 1.890625, k.weight(0, 3), 1e-15);
        // (int)(±0.5 + w * 2^22)
        assertEquals(1923834, k.fixedWeight(0, 0));
        assertEquals(1923834, k.fixedWeight(0, 1));
        assertEquals(502623, k.fixedWeight(0, 2));
        assertEquals(-155987, k.fixedWeight(0, 3));
    }

    @Test
    void bicubicDownscaleIsAntialiased() {
        // 10*.45868 + 20*.45868 + 30*.11983 - 40*.03719 = 15.87 -> 16 (a non-antialiased cubic would give 15 or 25)
        Image8 out = PilResize.resize(gray(4, 1, 10, 20, 30, 40), 2, 1, Resampling.BICUBIC);
        assertArrayEquals(new int[] {16, 34}, values(out));
    }

    @Test
    void bilinearDownscale() {
        // center 1: taps 0..2 weights .75 .75 .25 -> 30/1.75 = 17.14; center 3: taps 1..3 .25 .75 .75 -> 57.5/1.75 = 32.86
        Image8 out = PilResize.resize(gray(4, 1, 10, 20, 30, 40), 2, 1, Resampling.BILINEAR);
        assertArrayEquals(new int[] {17, 33}, values(out));
    }

    @Test
    void bicubicUpscaleOvershootIsClipped() {
        // 2 -> 4: centers .25 .75 1.25 1.75; output 0: taps 0,1 weights .8671875, -.0703125 -> 255 * -.0882 < 0 -> 0;
        // output 1: .8671875, .2265625 -> 255 * .2071 = 52.8 -> 53; symmetric 202; output 3: 277.5 -> 255
        Image8 out = PilResize.resize(gray(2, 1, 0, 255), 4, 1, Resampling.BICUBIC);
        assertArrayEquals(new int[] {0, 53, 202, 255}, values(out));
    }

    @Test
    void twoPassesRoundBetweenPasses() {
        // Horizontal first: row 0 -> [0 53 202 255], row 1 -> all 255. Vertical on column 1 (53, 255):
        // 53*1.0882 - 255*.0882 = 35.2 -> 35; 53*.7929 + 255*.2071 = 94.8 -> 95; 213.2 -> 213; 272.8 -> 255
        Image8 out = PilResize.resize(gray(2, 2, 0, 255, 255, 255), 4, 4, Resampling.BICUBIC);
        int[] v = values(out);
        assertArrayEquals(new int[] {35, 95, 213, 255}, new int[] {v[1], v[5], v[9], v[13]});
        assertArrayEquals(new int[] {255, 255, 255, 255}, new int[] {v[12], v[13], v[14], v[15]});
    }

    @Test
    void verticalOnlyResizeLeavesColumnsAlone() {
        // width unchanged: only the vertical pass runs, each column resampled independently
        Image8 out = PilResize.resize(gray(2, 4, 10, 40, 20, 30, 30, 20, 40, 10), 2, 2, Resampling.BICUBIC);
        assertArrayEquals(new int[] {16, 34, 34, 16}, values(out));
    }

    @Test
    void rgbChannelsAreIndependent() {
        Image8 rgb = new Image8(4, 1, 3, new byte[] {10, 40, 0, 20, 30, 0, 30, 20, 0, 40, 10, 0});
        assertArrayEquals(new int[] {16, 34, 0, 34, 16, 0}, values(PilResize.resize(rgb, 2, 1, Resampling.BICUBIC)));
    }

    @Test
    void sameSizeIsACopy() {
        Image8 img = gray(2, 1, 1, 2);
        Image8 out = PilResize.resize(img, 2, 1, Resampling.BICUBIC);
        assertArrayEquals(values(img), values(out));
    }

    @Test
    void boxSelectsASourceRegion() {
        // box (0,0,2,1) of [0 255 9 9] to width 4: centers .25 .75 1.25 1.75 in the box, but PIL clamps
        // the taps to the image, not the box, so pixels 2 and 3 contribute: output 1 gets taps
        // .8671875 .2265625 -.0234375 -> 57.5625 / 1.0703125 = 53.8 -> 54; output 2: 220.5 / 1.0234375
        // = 215.4 -> 215; output 3: 4 taps summing to 1 -> 222.96 -> 223
        Image8 out = PilResize.resize(gray(4, 1, 0, 255, 9, 9), 4, 1, Resampling.BICUBIC, new float[] {0, 0, 2, 1});
        assertArrayEquals(new int[] {0, 54, 215, 223}, values(out));
    }

    @Test
    void windowIsBitIdenticalToResizeThenCrop() {
        Random r = new Random(42);
        byte[] px = new byte[37 * 23 * 3];
        r.nextBytes(px);
        Image8 img = new Image8(37, 23, 3, px);
        for (Resampling f : Resampling.values()) {
            Image8 full = PilResize.resize(img, 19, 29, f);
            Image8 win = PilResize.resizeWindow(img, 19, 29, f, 3, 5, 11, 17);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 11; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(full.get(x + 3, y + 5, c), win.get(x, y, c), f + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void torchvisionResizeAndCropArithmetic() {
        // shorter side to 256, longer int(256 * 500 / 375) = 341
        assertArrayEquals(new int[] {341, 256}, TorchvisionOps.resizedSize(500, 375, 256));
        assertArrayEquals(new int[] {256, 341}, TorchvisionOps.resizedSize(375, 500, 256));
        assertArrayEquals(new int[] {256, 256}, TorchvisionOps.resizedSize(300, 300, 256));
        // int(round(16.5)) = 16 and int(round(17.5)) = 18: Python rounds half to even
        assertArrayEquals(new int[] {16, 17}, TorchvisionOps.centerCropOrigin(257, 258, 224, 224));
        assertArrayEquals(new int[] {18, 58}, TorchvisionOps.centerCropOrigin(260, 341, 224, 224));
    }

    @Test
    void toTensorAndNormalizeInFloat32() {
        Image8 img = new Image8(1, 1, 3, new byte[] {(byte) 255, 0, (byte) 128});
        float[] out = TorchvisionOps.toNormalizedTensor(img, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        assertEquals((1f - 0.485f) / 0.229f, out[0], 0f);
        assertEquals((0f - 0.456f) / 0.224f, out[1], 0f);
        assertEquals((128 / 255f - 0.406f) / 0.225f, out[2], 0f);
    }
}
