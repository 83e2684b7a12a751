package io.qvit.plugins.loader.timm;

import java.nio.ByteBuffer;

/** The element types qvit reads from checkpoints, converted to float32 on load. */
final class DType {
    private DType() {
    }

    /** Bytes per element of a safetensors dtype name, or -1 if unsupported. */
    static int width(String dtype) {
        return switch (dtype) {
            case "F32", "I32" -> 4;
            case "F16", "BF16", "I16" -> 2;
            case "F64", "I64" -> 8;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    /** Converts the little-endian elements remaining in {@code buf} to float32. */
    static float[] toFloat(String dtype, ByteBuffer buf) {
        int n = buf.remaining() / width(dtype);
        float[] out = new float[n];
        switch (dtype) {
            case "F32" -> buf.asFloatBuffer().get(out);
            case "F64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) buf.getDouble();
                }
            }
            case "F16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = halfToFloat(buf.getShort());
                }
            }
            case "BF16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
                }
            }
            case "I64" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.getLong();
                }
            }
            case "I32" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.getInt();
                }
            }
            case "I16" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.getShort();
                }
            }
            case "I8" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.get();
                }
            }
            case "U8", "BOOL" -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buf.get() & 0xff;
                }
            }
            default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
        }
        return out;
    }

    /** IEEE 754 binary16 to float32 (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
