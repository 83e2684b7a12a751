package io.qvit.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An array in the IDX format of MNIST and Fashion-MNIST, read whole and validated: two zero bytes,
 * a type code, the number of dimensions, each dimension as a big-endian 32-bit integer, then the
 * values big-endian. A gzip-compressed file (detected by its magic bytes) is decompressed first.
 * The file length must match the header exactly.
 */
public final class IdxFile {
    /** The value types of the IDX format. */
    public enum DataType {
        /** Unsigned byte, code 0x08. */
        UBYTE(0x08, 1),
        /** Signed byte, code 0x09. */
        BYTE(0x09, 1),
        /** Big-endian 16-bit integer, code 0x0B. */
        SHORT(0x0B, 2),
        /** Big-endian 32-bit integer, code 0x0C. */
        INT(0x0C, 4),
        /** Big-endian float32, code 0x0D. */
        FLOAT(0x0D, 4),
        /** Big-endian float64, code 0x0E. */
        DOUBLE(0x0E, 8);

        private final int code;
        private final int bytes;

        DataType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** The type code in the header. */
        public int code() {
            return code;
        }

        /** Bytes per value. */
        public int bytes() {
            return bytes;
        }

        static DataType of(int code) {
            for (DataType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /** Largest decompressed size accepted (a guard against decompression bombs). */
    private static final long MAX_BYTES = 1L << 31;

    private final Path file;
    private final DataType type;
    private final int[] dims;
    private final byte[] bytes;
    private final int dataOffset;

    private IdxFile(Path file, DataType type, int[] dims, byte[] bytes, int dataOffset) {
        this.file = file;
        this.type = type;
        this.dims = dims;
        this.bytes = bytes;
        this.dataOffset = dataOffset;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws DatasetFormatException naming the file if it is not a well-formed IDX file
     */
    public static IdxFile read(Path file) throws IOException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DatasetFormatException(file, "no such file");
        }
        if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
            raw = gunzip(file, raw);
        }
        return parse(file, raw);
    }

    private static byte[] gunzip(Path file, byte[] gz) throws DatasetFormatException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz), 1 << 16)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(gz.length * 4);
            byte[] buf = new byte[1 << 16];
            int n;
            long total = 0;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_BYTES) {
                    throw new DatasetFormatException(file, "decompresses to more than " + MAX_BYTES + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DatasetFormatException e) {
            throw e;
        } catch (ZipException | java.io.EOFException e) {
            throw new DatasetFormatException(file, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new DatasetFormatException(file, "cannot decompress: " + e);
        }
    }

    /** Parses IDX content held in memory; {@code file} names it in errors. */
    static IdxFile parse(Path file, byte[] b) throws DatasetFormatException {
        if (b.length < 4) {
            throw new DatasetFormatException(file, "too short for an IDX header (" + b.length + " bytes)");
        }
        if (b[0] != 0 || b[1] != 0) {
            throw new DatasetFormatException(file, String.format(
                    "bad IDX magic number 0x%02X%02X%02X%02X: the first two bytes must be zero", b[0], b[1], b[2], b[3]));
        }
        DataType type = DataType.of(b[2] & 0xff);
        if (type == null) {
            throw new DatasetFormatException(file, String.format("unknown IDX data type code 0x%02X", b[2] & 0xff));
        }
        int rank = b[3] & 0xff;
        if (rank == 0) {
            throw new DatasetFormatException(file, "IDX header has 0 dimensions");
        }
        int headerLength = 4 + 4 * rank;
        if (b.length < headerLength) {
            throw new DatasetFormatException(file, "truncated IDX header: " + rank + " dimensions need "
                    + headerLength + " bytes, the file has " + b.length);
        }
        int[] dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            int p = 4 + 4 * i;
            long d = ((b[p] & 0xffL) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            if (d > Integer.MAX_VALUE) {
                throw new DatasetFormatException(file, "IDX dimension " + i + " is too large: " + d);
            }
            dims[i] = (int) d;
            count *= d; // count <= MAX_BYTES and d < 2^31 before this: no overflow
            if (count * type.bytes() > MAX_BYTES) {
                throw new DatasetFormatException(file, "IDX header " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + "... of " + type + " needs more than " + MAX_BYTES + " data bytes");
            }
        }
        long expected = count * type.bytes();
        long actual = b.length - (long) headerLength;
        if (expected != actual) {
            throw new DatasetFormatException(file, "IDX header " + Arrays.toString(dims) + " of " + type
                    + " needs " + expected + " data bytes after the " + headerLength + "-byte header, the file has " + actual);
        }
        return new IdxFile(file, type, dims, b, headerLength);
    }

    /** The file this array came from. */
    public Path file() {
        return file;
    }

    /** The value type. */
    public DataType type() {
        return type;
    }

    /** The dimensions (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of values. */
    public long count() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * The values of a byte array ({@link DataType#UBYTE} or {@link DataType#BYTE}) as stored: the
     * backing array, starting at {@link #dataOffset()}.
     */
    public byte[] rawBytes() {
        return bytes;
    }

    /** Where the values start in {@link #rawBytes()}. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Value {@code i} (flat, row-major) as an int; only for integer types. */
    public int intValue(long i) {
        int p = (int) (dataOffset + i * type.bytes());
        switch (type) {
            case UBYTE:
                return bytes[p] & 0xff;
            case BYTE:
                return bytes[p];
            case SHORT:
                return (short) (((bytes[p] & 0xff) << 8) | (bytes[p + 1] & 0xff));
            case INT:
                return ((bytes[p] & 0xff) << 24) | ((bytes[p + 1] & 0xff) << 16) | ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
            default:
                throw new IllegalStateException(file + ": IDX values are " + type + ", not integers");
        }
    }
}
