import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Seeds for NpyFuzzTest and NpzFuzzTest: arrays as numpy writes them, and archives of them, stored and deflated. */
final class NpySeeds {
    /** Entry times are fixed so that the seeds are the same bytes on every run. */
    private static final long FIXED_TIME = 1_000_000_000_000L;

    private NpySeeds() {
    }

    static void generate(Path root) throws IOException {
        Path npy = Seeds.dir(root, "plugins/loader-timm", "io.qvit.plugins.loader.timm", "NpyFuzzTest", "npy");
        byte[] f4 = npy(1, "<f4", false, "(2, 3)", 24);
        byte[] f8 = npy(1, ">f8", true, "(2, 2)", 32);
        byte[] f2 = npy(2, "<f2", false, "(5,)", 10);
        byte[] scalar = npy(3, "<f4", false, "()", 4);
        Seeds.write(npy, "f4-2x3-v1", f4);
        Seeds.write(npy, "f8-fortran-2x2-v1", f8);
        Seeds.write(npy, "f2-5-v2", f2);
        Seeds.write(npy, "f4-scalar-v3", scalar);
        Seeds.write(npy, "empty-0x4", npy(1, "<f4", false, "(0, 4)", 0));
        Seeds.write(npy, "int-dtype", npy(1, "<i8", false, "(1,)", 8));

        Path npz = Seeds.dir(root, "plugins/loader-timm", "io.qvit.plugins.loader.timm", "NpzFuzzTest", "npz");
        Seeds.write(npz, "stored-two", zip(false, "w.npy", f4, "b.npy", f2));
        Seeds.write(npz, "deflated-two", zip(true, "encoder/w.npy", f8, "s.npy", scalar));
        Seeds.write(npz, "empty", zip(false));
    }

    /** A {@code .npy} of format version {@code major}, the header padded to a multiple of 64 bytes. */
    private static byte[] npy(int major, String descr, boolean fortran, String shape, int dataLen) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int pre = major == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        StringBuilder h = new StringBuilder(dict);
        while (pre + h.length() + 1 < total) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) hb.length);
        } else {
            len.putInt(hb.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(hb);
        for (int i = 0; i < dataLen; i++) {
            out.write((i * 29 + 3) & 0x3f);
        }
        return out.toByteArray();
    }

    /** A zip of alternating names and contents. */
    private static byte[] zip(boolean deflate, Object... nameAndContent) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (int i = 0; i < nameAndContent.length; i += 2) {
                byte[] content = (byte[]) nameAndContent[i + 1];
                ZipEntry e = new ZipEntry((String) nameAndContent[i]);
                e.setTime(FIXED_TIME);
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(content);
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(content.length);
                    e.setCompressedSize(content.length);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
