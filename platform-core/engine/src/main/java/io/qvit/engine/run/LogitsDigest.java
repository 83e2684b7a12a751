package io.qvit.engine.run;

import io.qvit.api.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of every logit of an evaluation, in dataset order, as little-endian float32 bits: two
 * runs agree on it exactly when their models computed the same bits, whatever the machine, so
 * {@code results.json} shows at a glance whether a result was reproduced.
 */
final class LogitsDigest {
    private final MessageDigest sha;

    LogitsDigest() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a batch of logits. */
    void add(Tensor logits) {
        float[] v = logits.data();
        ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        sha.update(b.array());
    }

    /** The digest in lower-case hex (ends the digest). */
    String hex() {
        return HexFormat.of().formatHex(sha.digest());
    }
}
