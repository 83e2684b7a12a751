import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Seeds for JpegHeaderFuzzTest: small JPEGs written by the JDK's encoder (JFIF YCbCr, grayscale),
 * and hand-built marker sequences: an Adobe APP14 CMYK frame, an RGB-id frame, a 4:4:0 frame, a
 * progressive frame with an APP segment after it, and a stream that ends before its frame.
 */
final class JpegSeeds {
    private JpegSeeds() {
    }

    static void generate(Path root) throws IOException {
        Path d = Seeds.dir(root, "platform-core/data", "io.qvit.data.internal", "JpegHeaderFuzzTest", "jpegHeader");
        Seeds.write(d, "jfif-rgb-16x8", encode(BufferedImage.TYPE_INT_RGB, 16, 8));
        Seeds.write(d, "gray-8x8", encode(BufferedImage.TYPE_BYTE_GRAY, 8, 8));
        Seeds.write(d, "adobe-cmyk", markers(app14(0), sof(0xC0, 4, 0x11, 0x11, 0x11, 0x11), sos()));
        Seeds.write(d, "rgb-ids", markers(sof(0xC0, 3, 0x11, 0x11, 0x11, 'R', 'G', 'B'), sos()));
        Seeds.write(d, "h1v2-440", markers(app0(), sof(0xC0, 3, 0x12, 0x11, 0x11), sos()));
        Seeds.write(d, "progressive-late-app14", markers(sof(0xC2, 3, 0x22, 0x11, 0x11), app14(1), sos()));
        Seeds.write(d, "no-frame", markers(app0(), new byte[] {(byte) 0xFF, (byte) 0xD9}));
    }

    private static byte[] encode(int type, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (x * 16) << 16 | (y * 32) << 8 | ((x + y) * 8));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "jpg", out)) {
            throw new IOException("no JPEG writer");
        }
        return out.toByteArray();
    }

    private static byte[] markers(byte[]... segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(0xD8);
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    private static byte[] segment(int marker, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        out.write((body.length + 2) >> 8);
        out.write((body.length + 2) & 0xff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] app0() {
        return segment(0xE0, new byte[] {'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0});
    }

    private static byte[] app14(int transform) {
        return segment(0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform});
    }

    /** A frame header of {@code n} components with the given sampling bytes (and optional ids after them). */
    private static byte[] sof(int marker, int n, int... samplingThenIds) {
        byte[] body = new byte[6 + 3 * n];
        body[0] = 8;
        body[2] = 8;
        body[4] = 8;
        body[5] = (byte) n;
        for (int i = 0; i < n; i++) {
            body[6 + 3 * i] = (byte) (samplingThenIds.length > n + i ? samplingThenIds[n + i] : i + 1);
            body[7 + 3 * i] = (byte) samplingThenIds[i];
        }
        return segment(marker, body);
    }

    private static byte[] sos() {
        return segment(0xDA, new byte[] {1, 1, 0, 0, 63, 0});
    }
}
