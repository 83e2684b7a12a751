package io.qvit.plugins.loader.timm;

import io.qvit.api.model.ModelFormatException;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The operands of a pickle: a cursor over its bytes that reads little- and big-endian integers,
 * length fields checked against the bytes left, strings (UTF-8 strictly decoded, Latin-1, ASCII
 * lines) and byte strings, and makes errors that name the file, the entry and the byte offset.
 */
final class PickleBytes {
    private final Path file;
    private final String entry;
    private final byte[] in;
    private int pos;

    PickleBytes(Path file, String entry, byte[] in) {
        this.file = file;
        this.entry = entry;
        this.in = in;
    }

    boolean atEnd() {
        return pos >= in.length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return in.length - pos;
    }

    void seek(int position) {
        pos = position;
    }

    int u8() throws ModelFormatException {
        need(1);
        return in[pos++] & 0xff;
    }

    long leLong(int n) throws ModelFormatException {
        need(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (in[pos + i] & 0xff);
        }
        pos += n;
        return v;
    }

    long beLong8() throws ModelFormatException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** A length field of {@code n} bytes, checked against the bytes left. */
    int length(int n) throws ModelFormatException {
        long len = leLong(n);
        if (len < 0 || len > in.length - pos) {
            throw error("length " + Long.toUnsignedString(len) + " runs past the end of the pickle");
        }
        return (int) len;
    }

    Object longN(int n) throws ModelFormatException {
        need(n);
        if (n == 0) {
            return 0L;
        }
        byte[] be = new byte[n];
        for (int i = 0; i < n; i++) {
            be[i] = in[pos + n - 1 - i];
        }
        pos += n;
        BigInteger b = new BigInteger(be);
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    byte[] bytes(int n) throws ModelFormatException {
        need(n);
        byte[] b = Arrays.copyOfRange(in, pos, pos + n);
        pos += n;
        return b;
    }

    String utf8(int n) throws ModelFormatException {
        need(n);
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(in, pos, n)).toString();
            pos += n;
            return s;
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    String latin1(int n) throws ModelFormatException {
        need(n);
        String s = new String(in, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** A newline-terminated ASCII line (GLOBAL's operands). */
    String line() throws ModelFormatException {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            if (in[pos] < 0x20 || in[pos] >= 0x7f) {
                throw error("GLOBAL operand is not printable ASCII");
            }
            pos++;
        }
        if (pos >= in.length) {
            throw error("GLOBAL operand runs past the end of the pickle");
        }
        String s = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        pos++;
        return s;
    }

    void need(int n) throws ModelFormatException {
        if (n < 0 || n > in.length - pos) {
            throw error("pickle truncated: needs " + n + " more bytes");
        }
    }

    /** An error at the current offset, naming the file and the entry. */
    ModelFormatException error(String what) {
        return new ModelFormatException(file, entry + " at byte " + pos + ": " + what);
    }
}
