package io.qvit.data.internal;

import io.qvit.data.ImageDecodeException;

/**
 * The largest image qvit decodes, like PIL's {@code Image.MAX_IMAGE_PIXELS}: system property
 * {@code qvit.limits.imagePixels}, default 178,956,970 pixels (PIL's value, a 2^30-byte RGBA image
 * divided by four and three). Checked from the header, before the pixels are decoded, so a small
 * file claiming a huge size costs nothing; the image is then skipped like a corrupt one.
 */
public final class PixelLimit {
    /** The system property that sets the limit. */
    public static final String PROPERTY = "qvit.limits.imagePixels";
    /** PIL's default {@code MAX_IMAGE_PIXELS}. */
    public static final long DEFAULT = 178_956_970L;

    private PixelLimit() {
    }

    /**
     * Refuses an image of {@code width} x {@code height} pixels above the limit.
     *
     * @param name the file name used in the message
     * @throws ImageDecodeException naming the file, its size and the property to raise
     */
    public static void check(String name, long width, long height) throws ImageDecodeException {
        long limit = limit();
        if (width * height > limit) {
            throw new ImageDecodeException(name, "image of " + width + "x" + height + " = " + width * height
                    + " pixels exceeds the limit of " + limit + " pixels (a decompression bomb?); raise it with -D"
                    + PROPERTY + "=...");
        }
    }

    private static long limit() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("system property " + PROPERTY + " must be a positive number of pixels, not '"
                + v + "'");
    }
}
