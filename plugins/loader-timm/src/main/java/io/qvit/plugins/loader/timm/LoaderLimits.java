package io.qvit.plugins.loader.timm;

/**
 * The resource limits of the checkpoint readers, read from system properties at each use (so a
 * user raises one with {@code QVIT_JAVA_OPTS="-Dqvit.limits....=N"}); documented in
 * {@code docs/limits.md}. Every refusal names the property to raise.
 */
final class LoaderLimits {
    /** Decoded float32 bytes a tensor (or storage) may need per byte of checkpoint file. */
    static final String TENSOR_BYTES_PER_FILE_BYTE = "qvit.limits.tensorBytesPerFileByte";
    /** Largest uncompressed size of one {@code .npz} entry, in bytes. */
    static final String NPZ_ENTRY_BYTES = "qvit.limits.npzEntryBytes";
    /** Deepest nesting of containers in a pickle. */
    static final String PICKLE_DEPTH = "qvit.limits.pickleDepth";

    /** The floor of the tensor-size limit, so that small files with small tensors always load. */
    static final long TENSOR_BYTES_FLOOR = 64L << 20;

    private LoaderLimits() {
    }

    /** The most float32 bytes one tensor of a checkpoint of {@code fileBytes} may decode to. */
    static long tensorBytes(long fileBytes) {
        long ratio = positive(TENSOR_BYTES_PER_FILE_BYTE, 16);
        long scaled = fileBytes > Long.MAX_VALUE / ratio ? Long.MAX_VALUE : fileBytes * ratio;
        return Math.max(TENSOR_BYTES_FLOOR, scaled);
    }

    /** The largest uncompressed {@code .npz} entry, default 1 GiB. */
    static long npzEntryBytes() {
        return positive(NPZ_ENTRY_BYTES, 1L << 30);
    }

    /** The deepest container nesting of a pickle, default 1000. */
    static int pickleDepth() {
        return (int) Math.min(Integer.MAX_VALUE, positive(PICKLE_DEPTH, 1000));
    }

    /** " (limit N; raise it with -Dproperty=...)": the tail of every refusal. */
    static String raise(String property, long limit) {
        return " (limit " + limit + "; raise it with -D" + property + "=...)";
    }

    private static long positive(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + property + " must be a positive integer, not '" + v + "'");
    }
}
