package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import io.qvit.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one {@code .npy} array (numpy format versions 1.0 to 3.0): the magic {@code \x93NUMPY},
 * the version, the header length, a header that is a Python dict literal with exactly the keys
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data, which must be exactly
 * as long as the shape says. Float dtypes {@code f2}, {@code f4}, {@code f8} of either byte order
 * are read; C and Fortran order are both returned as a row-major float32 tensor.
 */
final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private final Path file;
    private final String key;
    private final String header;
    private int pos;

    private NpyArray(Path file, String key, String header) {
        this.file = file;
        this.key = key;
        this.header = header;
    }

    /**
     * Parses {@code bytes}, the content of the array named {@code key}.
     *
     * @throws ModelFormatException naming the file and the key
     */
    static Tensor parse(Path file, String key, byte[] bytes) throws ModelFormatException {
        Layout l = layout(file, key, bytes);
        long dataStart = l.dataStart();
        long expected = l.expected();
        List<Long> shape = l.shape();
        String descr = l.descr();
        String dtype = l.dtype();
        ByteOrder order = l.order();
        boolean fortran = l.fortran();
        int[] dims = l.dims();
        long actual = bytes.length - dataStart;
        if (actual != expected) {
            throw new ModelFormatException(file, "array '" + key + "': shape " + shape + " of " + descr + " needs "
                    + expected + " data bytes but the entry has " + actual + (actual < expected ? " (truncated)" : ""));
        }
        float[] values = DType.toFloat(dtype, ByteBuffer.wrap(bytes, (int) dataStart, (int) expected).slice().order(order));
        return Tensor.of(fortran && dims.length > 1 ? fortranToC(values, dims) : values, dims);
    }

    /**
     * The size an {@code .npy} entry must have by its header alone: preamble, header and the data
     * its shape and dtype need. {@code prefix} holds the entry's first bytes, at least the header.
     *
     * @throws ModelFormatException naming the file and the key if the header is malformed or incomplete
     */
    static long declaredSize(Path file, String key, byte[] prefix) throws ModelFormatException {
        Layout l = layout(file, key, prefix);
        return l.dataStart() + l.expected();
    }

    /** What the preamble and header say: dtype, order, shape, where the data starts and how long it is. */
    private record Layout(String descr, String dtype, ByteOrder order, boolean fortran, List<Long> shape, int[] dims,
                          long dataStart, long expected) {
    }

    private static Layout layout(Path file, String key, byte[] bytes) throws ModelFormatException {
        if (bytes.length < 10 || !java.util.Arrays.equals(bytes, 0, 6, MAGIC, 0, 6)) {
            throw new ModelFormatException(file, "array '" + key + "': not an .npy array (bad magic)");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ModelFormatException(file, "array '" + key + "': truncated .npy preamble");
            }
            headerLen = b.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new ModelFormatException(file, "array '" + key + "': unsupported .npy version " + major + "." + bytes[7]);
        }
        if (headerStart + headerLen > bytes.length) {
            throw new ModelFormatException(file, "array '" + key + "': .npy header of " + headerLen
                    + " bytes runs past the end of the entry");
        }
        String header = new String(bytes, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyArray p = new NpyArray(file, key, header);
        Map<String, Object> dict = p.parseHeader();
        String descr = (String) dict.get("descr");
        boolean fortran = (Boolean) dict.get("fortran_order");
        @SuppressWarnings("unchecked")
        List<Long> shape = (List<Long>) dict.get("shape");

        if (descr.length() != 3 || (descr.charAt(0) != '<' && descr.charAt(0) != '>' && descr.charAt(0) != '=')
                || descr.charAt(1) != 'f' || "248".indexOf(descr.charAt(2)) < 0) {
            throw new ModelFormatException(file, "array '" + key + "': unsupported dtype '" + descr
                    + "' (float16, float32 or float64 are read)");
        }
        String dtype = switch (descr.charAt(2)) {
            case '2' -> "F16";
            case '4' -> "F32";
            default -> "F64";
        };
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int[] dims = new int[shape.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = shape.get(i);
            if (d > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, "array '" + key + "': dimension " + d + " is too large");
            }
            dims[i] = (int) d;
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, "array '" + key + "': shape " + shape + " is too large");
            }
        }
        long dataStart = headerStart + headerLen;
        long expected = count * DType.width(dtype);
        return new Layout(descr, dtype, order, fortran, shape, dims, dataStart, expected);
    }

    /** Reorders column-major {@code values} into row-major order. */
    private static float[] fortranToC(float[] values, int[] dims) {
        float[] out = new float[values.length];
        int rank = dims.length;
        int[] index = new int[rank];
        long[] fStride = new long[rank];
        long s = 1;
        for (int d = 0; d < rank; d++) {
            fStride[d] = s;
            s *= dims[d];
        }
        long src = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = values[(int) src];
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < dims[d]) {
                    src += fStride[d];
                    break;
                }
                src -= (dims[d] - 1L) * fStride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    /** The header dict: {@code {'descr': str, 'fortran_order': bool, 'shape': tuple of ints, }} padded with spaces and a newline. */
    private Map<String, Object> parseHeader() throws ModelFormatException {
        if (!header.endsWith("\n")) {
            throw error("header does not end with a newline");
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        skipSpaces();
        expect('{');
        while (true) {
            skipSpaces();
            if (peek() == '}') {
                pos++;
                break;
            }
            String k = string();
            skipSpaces();
            expect(':');
            skipSpaces();
            Object v = switch (k) {
                case "descr" -> string();
                case "fortran_order" -> bool();
                case "shape" -> shape();
                default -> throw error("unexpected key '" + k + "'");
            };
            if (dict.put(k, v) != null) {
                throw error("duplicate key '" + k + "'");
            }
            skipSpaces();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw error("expected ',' or '}'");
            }
        }
        skipSpaces();
        if (pos != header.length()) {
            throw error("unexpected text after the dict");
        }
        for (String required : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(required)) {
                throw error("missing key '" + required + "'");
            }
        }
        return dict;
    }

    private String string() throws ModelFormatException {
        char q = peek();
        if (q != '\'' && q != '"') {
            throw error("expected a quoted string");
        }
        int end = header.indexOf(q, pos + 1);
        if (end < 0) {
            throw error("unterminated string");
        }
        String s = header.substring(pos + 1, end);
        if (s.indexOf('\\') >= 0) {
            throw error("escapes in strings are not supported");
        }
        pos = end + 1;
        return s;
    }

    private Boolean bool() throws ModelFormatException {
        if (header.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (header.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        throw error("expected True or False");
    }

    private List<Long> shape() throws ModelFormatException {
        expect('(');
        List<Long> dims = new ArrayList<>();
        boolean trailingComma = false;
        while (true) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                break;
            }
            int start = pos;
            while (pos < header.length() && Character.isDigit(header.charAt(pos))) {
                pos++;
            }
            if (start == pos || pos - start > 12) {
                throw error("expected a non-negative integer in the shape");
            }
            dims.add(Long.parseLong(header.substring(start, pos)));
            skipSpaces();
            trailingComma = peek() == ',';
            if (trailingComma) {
                pos++;
            } else if (peek() != ')') {
                throw error("expected ',' or ')' in the shape");
            }
        }
        if (dims.size() == 1 && !trailingComma) {
            throw error("a one-element shape needs a trailing comma, e.g. (3,)");
        }
        return dims;
    }

    private void skipSpaces() {
        while (pos < header.length() && (header.charAt(pos) == ' ' || header.charAt(pos) == '\n')) {
            pos++;
        }
    }

    private char peek() {
        return pos < header.length() ? header.charAt(pos) : '\0';
    }

    private void expect(char c) throws ModelFormatException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private ModelFormatException error(String what) {
        return new ModelFormatException(file, "array '" + key + "': malformed .npy header at character " + pos + " ("
                + what + "): " + header.strip());
    }
}
