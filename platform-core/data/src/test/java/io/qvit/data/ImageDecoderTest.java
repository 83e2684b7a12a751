package io.qvit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.data.internal.H1V2Upsampling;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decoding of JPEG and PNG files the test writes itself, against libjpeg's and PIL's conventions. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    // ---- helpers ---------------------------------------------------------------------------

    private static ImageWriter jdkJpegWriter() {
        for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext();) {
            ImageWriter w = it.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
        }
        throw new IllegalStateException("no JDK JPEG writer");
    }

    private static ImageReader jdkJpegReader() {
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg"); it.hasNext();) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.sun.imageio")) {
                return r;
            }
        }
        throw new IllegalStateException("no JDK JPEG reader");
    }

    /** Encodes an image or a raster (raw samples, no colour conversion) at quality 1. */
    static byte[] jpeg(BufferedImage image, Raster raster, IIOMetadata metadata) throws IOException {
        ImageWriter w = jdkJpegWriter();
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bos)) {
            w.setOutput(out);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(1.0f);
            w.write(null, image != null ? new IIOImage(image, null, metadata) : new IIOImage(raster, null, metadata), p);
        } finally {
            w.dispose();
        }
        return bos.toByteArray();
    }

    static BufferedImage smoothRgb(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (x * 255 / w + r.nextInt(20)) & 0xff;
                int green = (y * 255 / h + r.nextInt(20)) & 0xff;
                int blue = ((x + y) * 4 + r.nextInt(40)) & 0xff;
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    private static int[] px(Image8 img, int x, int y) {
        return new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
    }

    private static void assertNear(int[] expected, int[] actual, int tolerance, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    what + ": expected " + Arrays.toString(expected) + " +-" + tolerance + ", got " + Arrays.toString(actual));
        }
    }

    // ---- JPEG ----------------------------------------------------------------------------

    @Test
    void ycbcrJpegMatchesLibjpegColourConversion() throws IOException {
        byte[] data = jpeg(smoothRgb(45, 31), null, null); // JFIF, 4:2:0
        Image8 mine = ImageDecoder.decode(data, "smooth.jpg");
        ImageReader reader = jdkJpegReader();
        BufferedImage ref;
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(data))) {
            reader.setInput(in);
            ref = reader.read(0); // libjpeg's own YCbCr -> RGB
        } finally {
            reader.dispose();
        }
        assertEquals(45, mine.width());
        assertEquals(31, mine.height());
        for (int y = 0; y < 31; y++) {
            for (int x = 0; x < 45; x++) {
                int rgb = ref.getRGB(x, y); // TYPE_3BYTE_BGR: no colour management involved
                assertArrayEquals(new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff}, px(mine, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void embeddedIccProfileIsIgnoredLikePil() throws IOException {
        byte[] plain = jpeg(smoothRgb(24, 16), null, null);
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream tagged = new ByteArrayOutputStream();
        tagged.write(plain, 0, 2); // SOI
        int len = 2 + 12 + 2 + icc.length;
        tagged.write(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (len >> 8), (byte) len});
        tagged.write("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        tagged.write(new byte[] {1, 1});
        tagged.write(icc);
        tagged.write(plain, 2, plain.length - 2);
        Image8 a = ImageDecoder.decode(plain, "plain.jpg");
        Image8 b = ImageDecoder.decode(tagged.toByteArray(), "tagged.jpg");
        assertArrayEquals(a.pixels(), b.pixels(), "a linear-RGB ICC profile must not change the samples");
    }

    @Test
    void grayscaleJpegIsReplicated() throws IOException {
        BufferedImage g = new BufferedImage(20, 12, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = g.getRaster();
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                r.setSample(x, y, 0, (x * 13 + y * 7) & 0xff);
            }
        }
        byte[] data = jpeg(g, null, null);
        Image8 img = ImageDecoder.decode(data, "gray.jpg");
        ImageReader reader = jdkJpegReader();
        Raster raw;
        try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(data))) {
            reader.setInput(in);
            raw = reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
        assertEquals(3, img.channels());
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                int v = raw.getSample(x, y, 0);
                assertArrayEquals(new int[] {v, v, v}, px(img, x, y));
            }
        }
    }

    /** 16x16 raw 4-channel raster: left half one value, right half another. */
    private static WritableRaster twoTone(int[] left, int[] right) {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                r.setPixel(x, y, x < 8 ? left : right);
            }
        }
        return r;
    }

    /** PIL: every 4-component JPEG is inverted CMYK ("CMYK;I"), then cmyk2rgb. */
    private static int[] pilCmyk(int c, int m, int y, int k) {
        int nk = 255 - (255 - k);
        int[] out = new int[3];
        int[] ink = {255 - c, 255 - m, 255 - y};
        for (int i = 0; i < 3; i++) {
            int t = ink[i] * nk + 128;
            out[i] = nk - (((t >> 8) + t) >> 8);
        }
        return out;
    }

    @Test
    void cmykJpegUsesPilsInvertedCmykConversion() throws IOException {
        // no Adobe marker: libjpeg takes 4 components as CMYK; PIL inverts them all and applies cmyk2rgb
        byte[] data = jpeg(null, twoTone(new int[] {255, 0, 255, 255}, new int[] {200, 100, 50, 180}), null);
        Image8 img = ImageDecoder.decode(data, "cmyk.jpg");
        assertArrayEquals(new int[] {255, 0, 255}, pilCmyk(255, 0, 255, 255));
        assertArrayEquals(new int[] {141, 71, 35}, pilCmyk(200, 100, 50, 180)); // worked by hand: 180 - 55*180/255 ...
        assertNear(pilCmyk(255, 0, 255, 255), px(img, 3, 8), 2, "left");
        assertNear(pilCmyk(200, 100, 50, 180), px(img, 12, 8), 2, "right");
    }

    private static java.awt.color.ColorSpace fakeCmyk() {
        return new java.awt.color.ColorSpace(java.awt.color.ColorSpace.TYPE_CMYK, 4) {
            private static final long serialVersionUID = 1L;

            @Override
            public float[] toRGB(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromRGB(float[] v) {
                return new float[4];
            }

            @Override
            public float[] toCIEXYZ(float[] v) {
                return new float[3];
            }

            @Override
            public float[] fromCIEXYZ(float[] v) {
                return new float[4];
            }
        };
    }

    private static byte[] adobeYcck(WritableRaster raw) throws IOException {
        ImageWriter w = jdkJpegWriter();
        ImageWriteParam p = w.getDefaultWriteParam();
        IIOMetadata md = w.getDefaultImageMetadata(
                ImageTypeSpecifier.createInterleaved(fakeCmyk(), new int[] {0, 1, 2, 3}, DataBuffer.TYPE_BYTE, false, false), p);
        w.dispose();
        return jpeg(null, raw, md); // Adobe APP14 transform 2; raster samples are stored as Y, Cb, Cr, K
    }

    @Test
    void ycckJpegIsConvertedToCmykThenLikePil() throws IOException {
        byte[] data = adobeYcck(twoTone(new int[] {200, 128, 128, 255}, new int[] {150, 90, 170, 100}));
        Image8 img = ImageDecoder.decode(data, "ycck.jpg");
        // libjpeg: C = 255 - R(Y,Cb,Cr) etc. (JFIF formulas), K kept; then PIL's inverted CMYK
        int[][] cases = {{200, 128, 128, 255, 3}, {150, 90, 170, 100, 12}};
        for (int[] c : cases) {
            double y = c[0];
            double cb = c[1] - 128;
            double cr = c[2] - 128;
            int r = clamp(y + 1.402 * cr);
            int g = clamp(y - 0.344136 * cb - 0.714136 * cr);
            int b = clamp(y + 1.772 * cb);
            int[] expected = pilCmyk(255 - r, 255 - g, 255 - b, c[3]);
            assertNear(expected, px(img, c[4], 8), 2, "YCCK " + Arrays.toString(c));
        }
    }

    @Test
    void adobeTransformZeroIsPlainCmyk() throws IOException {
        byte[] data = adobeYcck(twoTone(new int[] {255, 0, 255, 255}, new int[] {200, 100, 50, 180}));
        // flip the Adobe transform byte (APP14 right after SOI: FF EE len(2) "Adobe" ver(2) f0(2) f1(2) transform)
        assertEquals((byte) 0xEE, data[3]);
        assertEquals(2, data[4 + 2 + 11]);
        data[4 + 2 + 11] = 0;
        Image8 img = ImageDecoder.decode(data, "adobe-cmyk.jpg");
        assertNear(pilCmyk(255, 0, 255, 255), px(img, 3, 8), 2, "left");
        assertNear(pilCmyk(200, 100, 50, 180), px(img, 12, 8), 2, "right");
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    @Test
    void h1v2RowsAreInterpolatedLikeLibjpegTurbo() {
        // one band, width 1, rows replicated in pairs: input rows 10, 20, 40 (height 5)
        byte[] s = {10, 10, 20, 20, 40};
        assertTrue(H1V2Upsampling.refine(s, 1, 5, 1, 0));
        // row 2k = (3 c[k] + c[k-1] + 1) >> 2, row 2k+1 = (3 c[k] + c[k+1] + 2) >> 2, edges duplicated
        assertArrayEquals(new byte[] {10, 13, 17, 25, 35}, s);
        byte[] smooth = {10, 13, 17, 25, 35};
        assertTrue(!H1V2Upsampling.refine(smooth, 1, 5, 1, 0), "already smooth rows are left alone");
    }

    @Test
    void truncatedJpegIsAnErrorNamingTheFile() throws IOException {
        byte[] data = jpeg(smoothRgb(64, 64), null, null);
        Path f = write("cut short.jpg", Arrays.copyOf(data, data.length / 2));
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(f));
        assertTrue(e.getMessage().contains("cut short.jpg"), e.getMessage());
        assertEquals(f.toString(), e.file());
    }

    @Test
    void jpegMissingOnlyItsEoiMarkerDecodesAsInPil() throws IOException {
        byte[] data = jpeg(smoothRgb(32, 24), null, null);
        assertEquals((byte) 0xD9, data[data.length - 1]);
        Image8 full = ImageDecoder.decode(data, "full.jpg");
        Image8 noEoi = ImageDecoder.decode(Arrays.copyOf(data, data.length - 2), "no-eoi.jpg");
        assertArrayEquals(full.pixels(), noEoi.pixels());
    }

    @Test
    void garbageIsAnErrorNamingTheFile() throws IOException {
        byte[] junk = new byte[500];
        new Random(3).nextBytes(junk);
        junk[0] = 0x12;
        Path f = write("junk.JPEG", junk);
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(f));
        assertTrue(e.getMessage().contains("junk.JPEG"), e.getMessage());

        byte[] fake = junk.clone();
        fake[0] = (byte) 0xFF;
        fake[1] = (byte) 0xD8;
        Path g = write("fake.jpg", fake);
        e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(g));
        assertTrue(e.getMessage().contains("fake.jpg"), e.getMessage());

        byte[] body = jpeg(smoothRgb(32, 32), null, null);
        for (int i = body.length / 3; i < body.length - 2; i++) {
            body[i] = (byte) (i * 31);
        }
        Path h = write("scrambled.jpg", body);
        // libjpeg may decode scrambled entropy data with warnings or fail: either way no crash,
        // and a failure names the file
        try {
            ImageDecoder.decode(h);
        } catch (ImageDecodeException ex) {
            assertTrue(ex.getMessage().contains("scrambled.jpg"), ex.getMessage());
        }
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        Path missing = dir.resolve("nope.jpg");
        ImageDecodeException e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(missing));
        assertTrue(e.getMessage().contains("nope.jpg"));
        Path empty = write("empty.jpg", new byte[0]);
        e = assertThrows(ImageDecodeException.class, () -> ImageDecoder.decode(empty));
        assertTrue(e.getMessage().contains("empty.jpg"));
    }

    // ---- PNG -----------------------------------------------------------------------------

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "png", bos));
        return bos.toByteArray();
    }

    @Test
    void pngRgbIsLossless() throws IOException {
        BufferedImage img = smoothRgb(9, 7);
        Image8 out = ImageDecoder.decode(png(img), "a.png");
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                int rgb = img.getRGB(x, y);
                assertArrayEquals(new int[] {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff}, px(out, x, y));
            }
        }
    }

    @Test
    void pngGrayIsNotGammaConverted() throws IOException {
        BufferedImage g = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        g.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 200});
        Image8 out = ImageDecoder.decode(png(g), "g.png");
        assertArrayEquals(new int[] {100, 100, 100}, px(out, 1, 0));
        assertArrayEquals(new int[] {200, 200, 200}, px(out, 2, 0));
    }

    @Test
    void pngPaletteAndAlpha() throws IOException {
        IndexColorModel icm = new IndexColorModel(8, 2, new byte[] {10, 50}, new byte[] {20, 60}, new byte[] {30, 70});
        BufferedImage p = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        p.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 0});
        Image8 out = ImageDecoder.decode(png(p), "p.png");
        assertArrayEquals(new int[] {50, 60, 70}, px(out, 0, 0));
        assertArrayEquals(new int[] {10, 20, 30}, px(out, 1, 0));

        BufferedImage a = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        a.setRGB(0, 0, 0x00_11_22_33); // fully transparent: PIL's convert("RGB") keeps the colour
        assertArrayEquals(new int[] {0x11, 0x22, 0x33}, px(ImageDecoder.decode(png(a), "a.png"), 0, 0));
    }
}
