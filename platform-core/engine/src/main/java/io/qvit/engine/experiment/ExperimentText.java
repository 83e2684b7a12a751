package io.qvit.engine.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an experiment file as text before any parsing, refusing what is not a plausible one: more
 * bytes than {@code qvit.limits.experimentBytes} (default 1 MiB; read with a bound, so
 * {@code /dev/zero} or a pipe is refused too), bytes that are not UTF-8, and NUL bytes.
 */
final class ExperimentText {
    /** The system property that sets the size limit, in bytes. */
    static final String LIMIT_PROPERTY = "qvit.limits.experimentBytes";
    /** The default size limit: 1 MiB. */
    static final long DEFAULT_LIMIT = 1L << 20;

    private ExperimentText() {
    }

    /**
     * The text of {@code file}.
     *
     * @throws ExperimentException naming the file and what is wrong
     */
    static String read(Path file) throws ExperimentException {
        long limit = limit(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (NoSuchFileException e) {
            throw new ExperimentException(file, 0, 0, "", "no such file");
        } catch (IOException e) {
            throw new ExperimentException(file, 0, 0, "", "cannot read: " + e.getMessage());
        }
        if (bytes.length > limit) {
            throw new ExperimentException(file, 0, 0, "", "is larger than " + limit + " bytes, too large for an "
                    + "experiment file (raise the limit with -D" + LIMIT_PROPERTY + "=...)");
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new ExperimentException(file, 0, 0, "", "is a binary file (NUL byte at offset " + i
                        + "), not a YAML experiment file");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ExperimentException(file, 0, 0, "", "is not UTF-8 text (invalid byte sequence at offset "
                    + invalidOffset(bytes) + ")");
        }
    }

    private static long limit(Path file) throws ExperimentException {
        String v = System.getProperty(LIMIT_PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ExperimentException(file, 0, 0, "", "system property " + LIMIT_PROPERTY
                + " must be a positive number of bytes, not '" + v + "'");
    }

    /** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
    private static int invalidOffset(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }
}
