package io.qvit.data.internal;

import io.qvit.data.Image8;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Gets samples out of AWT rasters without any colour management, which is what PIL does: AWT's
 * {@code getRGB} would apply gamma to grayscale images and ICC conversions to tagged ones.
 */
public final class RasterSamples {
    private RasterSamples() {
    }

    /** All bands of an 8-bit raster as interleaved bytes (a fresh array). */
    public static byte[] bytes(Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        if (raster.getDataBuffer() instanceof DataBufferByte
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
            PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
            int[] offsets = sm.getBandOffsets();
            boolean identity = sm.getPixelStride() == bands && sm.getScanlineStride() == w * bands;
            for (int b = 0; b < bands && identity; b++) {
                identity = offsets[b] == b;
            }
            byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
            if (identity && data.length == w * h * bands && raster.getDataBuffer().getNumBanks() == 1) {
                return data.clone();
            }
        }
        int[] all = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
        byte[] out = new byte[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = (byte) all[i];
        }
        return out;
    }

    /** An image read by a generic ImageIO reader, as PIL's {@code convert("RGB")} would give it. */
    public static Image8 toRgb(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        int bits = raster.getSampleModel().getSampleSize(0);
        int[] px = raster.getPixels(0, 0, w, h, (int[]) null);
        byte[] rgb = new byte[w * h * 3];
        if (cm instanceof IndexColorModel) {
            IndexColorModel icm = (IndexColorModel) cm;
            for (int i = 0, j = 0; i < w * h; i++, j += 3) {
                int v = px[i];
                rgb[j] = (byte) icm.getRed(v);
                rgb[j + 1] = (byte) icm.getGreen(v);
                rgb[j + 2] = (byte) icm.getBlue(v);
            }
            return new Image8(w, h, 3, rgb);
        }
        boolean gray = bands <= 2;
        for (int i = 0, j = 0; i < w * h; i++, j += 3) {
            if (gray) {
                int v = scale(px[i * bands], bits, true);
                rgb[j] = (byte) v;
                rgb[j + 1] = (byte) v;
                rgb[j + 2] = (byte) v;
            } else {
                for (int c = 0; c < 3; c++) {
                    rgb[j + c] = (byte) scale(px[i * bands + c], raster.getSampleModel().getSampleSize(c), false);
                }
            }
        }
        if (raster.getDataBuffer().getDataType() == DataBuffer.TYPE_FLOAT) {
            throw new IllegalArgumentException("floating-point images are not supported");
        }
        return new Image8(w, h, 3, rgb);
    }

    private static int scale(int v, int bits, boolean gray) {
        if (bits == 8) {
            return v;
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        if (gray) {
            return Math.min(v, 255); // PIL: I;16 to RGB clips
        }
        return v >> (bits - 8); // PIL: RGB;16B keeps the high byte
    }
}
