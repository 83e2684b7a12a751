import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Seeds for SafetensorsFuzzTest: small valid files of each float dtype, metadata, near misses and a deeply nested header. */
final class SafetensorsSeeds {
    private SafetensorsSeeds() {
    }

    static void generate(Path root) throws IOException {
        Path d = Seeds.dir(root, "plugins/loader-timm", "io.qvit.plugins.loader.timm", "SafetensorsFuzzTest", "safetensors");
        Seeds.write(d, "f32-2x3", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", 24));
        Seeds.write(d, "two-tensors-metadata", file("{\"__metadata__\":{\"format\":\"pt\",\"mean\":\"0.5\"},"
                + "\"a.weight\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"a.bias\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[8,12]}}", 12));
        Seeds.write(d, "f64-scalar", file("{\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}", 8));
        Seeds.write(d, "empty-tensor", file("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,5],\"data_offsets\":[0,0]}}", 0));
        Seeds.write(d, "i64-escapes", file("{\"n\\u00e9\\n\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"x\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[8,11]}}", 11));
        Seeds.write(d, "empty-header", file("{}", 0));
        Seeds.write(d, "overlap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        Seeds.write(d, "truncated", new byte[] {16, 0, 0, 0, 0, 0, 0, 0, '{'});
        // nesting beyond HeaderJson.MAX_DEPTH (a 200,000-deep header overflowed the stack)
        Seeds.write(d, "deep-nesting", file("{\"w\":" + "[".repeat(100) + "]".repeat(100) + "}", 0));
    }

    /** An 8-byte little-endian header length, the header padded with spaces to 8 bytes, then {@code dataLen} bytes. */
    private static byte[] file(String header, int dataLen) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(h);
        for (int i = h.length; i < padded; i++) {
            out.write(' ');
        }
        for (int i = 0; i < dataLen; i++) {
            out.write((i * 37 + 11) & 0x7f);
        }
        return out.toByteArray();
    }
}
