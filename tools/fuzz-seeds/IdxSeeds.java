import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Seeds for IdxFileFuzzTest: IDX arrays of each type, MNIST-like images and labels, plain and gzipped, and a header whose element count overflows. */
final class IdxSeeds {
    private IdxSeeds() {
    }

    static void generate(Path root) throws IOException {
        Path d = Seeds.dir(root, "platform-core/data", "io.qvit.data", "IdxFileFuzzTest", "idx");
        byte[] images = idx(0x08, 1, 3, 4, 4);
        Seeds.write(d, "ubyte-images-3x4x4", images);
        Seeds.write(d, "ubyte-labels-5", idx(0x08, 1, 5));
        Seeds.write(d, "byte-2x2", idx(0x09, 1, 2, 2));
        Seeds.write(d, "short-3", idx(0x0B, 2, 3));
        Seeds.write(d, "int-2x1", idx(0x0C, 4, 2, 1));
        Seeds.write(d, "float-2", idx(0x0D, 4, 2));
        Seeds.write(d, "double-1x1x1", idx(0x0E, 8, 1, 1, 1));
        Seeds.write(d, "gzip-images", gzip(images));
        // found by review: 65536^4 elements overflow a long to 0, and the empty file was accepted
        Seeds.write(d, "overflowing-dims", idx(0x08, 1, 65536, 65536, 65536, 65536));
    }

    private static byte[] idx(int type, int width, int... dims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, (byte) type, (byte) dims.length});
        long count = 1;
        for (int dim : dims) {
            out.writeBytes(new byte[] {(byte) (dim >>> 24), (byte) (dim >>> 16), (byte) (dim >>> 8), (byte) dim});
            count *= dim;
        }
        for (long i = 0; i < count * width; i++) {
            out.write((int) (i * 13 + 5) & 0xff);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
