package io.qvit.data;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.qvit.data.internal.H1V2Upsampling;
import io.qvit.data.internal.JpegHeader;
import io.qvit.data.internal.LibjpegColor;
import io.qvit.data.internal.PixelLimit;
import io.qvit.data.internal.RasterSamples;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files to 8-bit RGB the way {@code PIL.Image.open(f).convert("RGB")} does, so
 * that preprocessing matches the reference pipelines of timm and torchvision.
 *
 * <p>JPEG: the raw component samples come from libjpeg (the JDK's, with its default ISLOW IDCT
 * and fancy upsampling, reached through TwelveMonkeys' more tolerant stream handling); the
 * colour conversion is done here with libjpeg's own integer tables and its rules for guessing the
 * colour space (JFIF, Adobe transform, component ids). A JDK built with IJG libjpeg 6b (rather
 * than libjpeg-turbo, as Debian's is) replicates the rows of 4:4:0 chroma where libjpeg-turbo
 * interpolates them; that case is detected and redone the libjpeg-turbo way. Grayscale is replicated to RGB; four-
 * component (CMYK or YCCK) files are treated as inverted Adobe CMYK and converted with PIL's
 * naive formula. Embedded ICC profiles and EXIF orientation are ignored, as PIL ignores them.
 * A truncated JPEG is an error, as it is in PIL unless {@code LOAD_TRUNCATED_IMAGES} is set.
 *
 * <p>PNG and other formats the JDK reads: samples are taken from the raster without colour
 * management; palettes are looked up, alpha is dropped, 16-bit colour keeps the high byte and
 * 16-bit gray is clipped to 255, as PIL's conversions do.
 *
 * <p>An image larger than {@code qvit.limits.imagePixels} (PIL's {@code MAX_IMAGE_PIXELS} by default)
 * is refused from its header, before its pixels are decoded ({@link PixelLimit}).
 *
 * <p>All methods are thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {
    /** TwelveMonkeys' reader provider; it finds the JDK reader it wraps when it is registered. */
    private static final class JpegProvider {
        static final JPEGImageReaderSpi SPI = lookup();

        private static JPEGImageReaderSpi lookup() {
            IIORegistry registry = IIORegistry.getDefaultInstance();
            JPEGImageReaderSpi spi = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
            if (spi == null) {
                spi = new JPEGImageReaderSpi();
                registry.registerServiceProvider(spi, ImageReaderSpi.class);
            }
            return spi;
        }
    }

    private ImageDecoder() {
    }

    /**
     * Reads and decodes {@code file}.
     *
     * @throws ImageDecodeException naming the file if it cannot be read or decoded
     */
    public static Image8 decode(Path file) throws ImageDecodeException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ImageDecodeException(file.toString(), "no such file", e);
        } catch (IOException e) {
            throw new ImageDecodeException(file.toString(), "cannot read: " + e, e);
        }
        return decode(data, file.toString());
    }

    /**
     * Decodes an encoded image held in memory.
     *
     * @param name the file name used in error messages
     * @throws ImageDecodeException naming the file if the data cannot be decoded
     */
    public static Image8 decode(byte[] data, String name) throws ImageDecodeException {
        if (data.length == 0) {
            throw new ImageDecodeException(name, "empty file");
        }
        try {
            if (data.length >= 2 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8) {
                return decodeJpeg(data, name);
            }
            return decodeOther(data, name);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO readers throw unchecked exceptions on some corrupt streams
            throw new ImageDecodeException(name, "corrupt or unsupported image: " + e, e);
        }
    }

    private static Image8 decodeJpeg(byte[] data, String name) throws IOException {
        JpegHeader header = JpegHeader.scan(data, name);
        if (header.precision() != 8) {
            throw new ImageDecodeException(name, "unsupported JPEG sample precision " + header.precision());
        }
        PixelLimit.check(name, header.width(), header.height());
        JpegHeader.ColorSpace cs = header.colorSpace();
        if (cs == null) {
            throw new ImageDecodeException(name, "unsupported JPEG with " + header.components() + " components");
        }
        ImageReader reader = JpegProvider.SPI.createReaderInstance();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        Raster raster;
        try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
            reader.setInput(in, true, true);
            raster = reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
        checkTruncation(warnings, name);
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bands = raster.getNumBands();
        if (bands != header.components()) {
            throw new ImageDecodeException(name, "JPEG decoder returned " + bands + " bands for "
                    + header.components() + " components");
        }
        byte[] samples = RasterSamples.bytes(raster);
        int n = w * h;
        for (int b = 0; b < bands; b++) {
            if (header.isH1V2(b)) {
                H1V2Upsampling.refine(samples, w, h, bands, b);
            }
        }
        switch (cs) {
            case GRAYSCALE:
                return new Image8(w, h, 1, samples).toRgb();
            case RGB:
                return new Image8(w, h, 3, samples);
            case YCBCR:
                LibjpegColor.ycbcrToRgb(samples, n);
                return new Image8(w, h, 3, samples);
            case CMYK:
            case YCCK:
                byte[] rgb = new byte[n * 3];
                LibjpegColor.adobeCmykToRgb(samples, rgb, n, cs == JpegHeader.ColorSpace.YCCK);
                return new Image8(w, h, 3, rgb);
            default:
                throw new AssertionError(cs);
        }
    }

    /**
     * PIL refuses a JPEG whose data ends before the last scan is decoded ("image file is
     * truncated"), but accepts one that only lacks its EOI marker, and decodes corrupt entropy data
     * with libjpeg's warnings. The JDK reports the end of input as "Truncated File - Missing EOI
     * marker" and libjpeg then as "premature end of data segment" if scan data was still needed.
     */
    private static void checkTruncation(List<String> warnings, String name) throws ImageDecodeException {
        boolean endOfInput = false;
        boolean dataMissing = false;
        for (String w : warnings) {
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("premature end of jpeg file")) {
                endOfInput = true;
                dataMissing = true;
            }
            if (lower.contains("truncated file")) {
                endOfInput = true;
            }
            if (lower.contains("premature end of data segment")) {
                dataMissing = true;
            }
        }
        if (endOfInput && dataMissing) {
            throw new ImageDecodeException(name, "truncated JPEG file: image data ends early (" + String.join("; ", warnings) + ")");
        }
    }

    private static Image8 decodeOther(byte[] data, String name) throws IOException {
        try (ImageInputStream in = new ByteArrayImageInputStream(data)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageDecodeException(name, "not a JPEG, PNG or other readable image file");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                PixelLimit.check(name, reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0, null);
                return RasterSamples.toRgb(image);
            } finally {
                reader.dispose();
            }
        }
    }
}
