package io.qvit.data.internal;

import io.qvit.data.ImageDecodeException;

/**
 * The facts of a JPEG header that decide how its samples are turned into RGB, found by walking
 * the marker segments up to the first start-of-scan: the component count and ids of the frame,
 * whether a JFIF APP0 and an Adobe APP14 segment are present, and the Adobe transform flag.
 *
 * <p>{@link #colorSpace()} applies libjpeg's rules ({@code default_decompress_parms} in
 * {@code jdapimin.c}), which PIL inherits, rather than the JDK's own heuristics.
 */
public final class JpegHeader {
    /** The colour space libjpeg assigns to the coded components. */
    public enum ColorSpace { GRAYSCALE, YCBCR, RGB, CMYK, YCCK }

    private final int components;
    private final int[] componentIds;
    private final int[] hSampling;
    private final int[] vSampling;
    private final boolean jfif;
    private final int adobeTransform;
    private final int width;
    private final int height;
    private final int precision;

    private JpegHeader(int components, int[] componentIds, int[] hSampling, int[] vSampling, boolean jfif,
                       int adobeTransform, int width, int height, int precision) {
        this.components = components;
        this.componentIds = componentIds;
        this.hSampling = hSampling;
        this.vSampling = vSampling;
        this.jfif = jfif;
        this.adobeTransform = adobeTransform;
        this.width = width;
        this.height = height;
        this.precision = precision;
    }

    /**
     * Scans the markers of {@code data}.
     *
     * @param name the file name used in error messages
     * @throws ImageDecodeException if the data is not a JPEG stream or ends before a frame header
     */
    public static JpegHeader scan(byte[] data, String name) throws ImageDecodeException {
        if (data.length < 4 || (data[0] & 0xff) != 0xFF || (data[1] & 0xff) != 0xD8) {
            throw new ImageDecodeException(name, "not a JPEG file (no SOI marker)");
        }
        boolean jfif = false;
        int adobe = -1;
        int pos = 2;
        while (pos < data.length) {
            if ((data[pos] & 0xff) != 0xFF) {
                pos++; // libjpeg skips garbage before a marker with a warning
                continue;
            }
            while (pos < data.length && (data[pos] & 0xff) == 0xFF) {
                pos++;
            }
            if (pos >= data.length) {
                break;
            }
            int marker = data[pos++] & 0xff;
            if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                continue; // stuffed byte, TEM, RSTn, SOI: no length field
            }
            if (marker == 0xD9 || marker == 0xDA) {
                break; // EOI or SOS before a frame header
            }
            if (pos + 2 > data.length) {
                break;
            }
            int length = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
            if (length < 2 || pos + length > data.length) {
                throw new ImageDecodeException(name, "truncated or corrupt JPEG marker segment 0xFF"
                        + Integer.toHexString(marker).toUpperCase() + " at byte " + (pos - 2));
            }
            int body = pos + 2;
            int bodyLength = length - 2;
            if (marker == 0xE0 && bodyLength >= 14 && startsWith(data, body, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && bodyLength >= 12 && startsWith(data, body, "Adobe")) {
                adobe = data[body + 11] & 0xff;
            } else if (isStartOfFrame(marker)) {
                if (bodyLength < 6) {
                    throw new ImageDecodeException(name, "corrupt JPEG frame header");
                }
                int precision = data[body] & 0xff;
                int height = ((data[body + 1] & 0xff) << 8) | (data[body + 2] & 0xff);
                int width = ((data[body + 3] & 0xff) << 8) | (data[body + 4] & 0xff);
                int n = data[body + 5] & 0xff;
                if (n == 0 || bodyLength < 6 + 3 * n) {
                    throw new ImageDecodeException(name, "corrupt JPEG frame header (" + n + " components)");
                }
                int[] ids = new int[n];
                int[] hs = new int[n];
                int[] vs = new int[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = data[body + 6 + 3 * i] & 0xff;
                    int f = data[body + 7 + 3 * i] & 0xff;
                    hs[i] = f >> 4;
                    vs[i] = f & 15;
                    if (hs[i] < 1 || hs[i] > 4 || vs[i] < 1 || vs[i] > 4) {
                        throw new ImageDecodeException(name, "corrupt JPEG frame header (sampling factors " + hs[i] + "x" + vs[i] + ")");
                    }
                }
                // APP markers after the frame header are rare; libjpeg only honours those read before SOS.
                JpegHeader partial = new JpegHeader(n, ids, hs, vs, jfif, adobe, width, height, precision);
                return partial.withLaterMarkers(data, body + bodyLength);
            }
            pos = body + bodyLength;
        }
        throw new ImageDecodeException(name, "truncated JPEG file: no frame header");
    }

    private JpegHeader withLaterMarkers(byte[] data, int pos) {
        boolean jfif = this.jfif;
        int adobe = this.adobeTransform;
        while (pos + 4 <= data.length) {
            if ((data[pos] & 0xff) != 0xFF) {
                pos++;
                continue;
            }
            int marker = data[pos + 1] & 0xff;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break;
            }
            if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
                pos += 2;
                continue;
            }
            int length = ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
            int body = pos + 4;
            int bodyLength = length - 2;
            if (length < 2 || body + bodyLength > data.length) {
                break;
            }
            if (marker == 0xE0 && bodyLength >= 14 && startsWith(data, body, "JFIF\0")) {
                jfif = true;
            } else if (marker == 0xEE && bodyLength >= 12 && startsWith(data, body, "Adobe")) {
                adobe = data[body + 11] & 0xff;
            }
            pos = body + bodyLength;
        }
        return new JpegHeader(components, componentIds, hSampling, vSampling, jfif, adobe, width, height, precision);
    }

    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean startsWith(byte[] data, int at, String ascii) {
        if (at + ascii.length() > data.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[at + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Number of components in the frame. */
    public int components() {
        return components;
    }

    /** Horizontal sampling factor of component {@code i}. */
    public int hSampling(int i) {
        return hSampling[i];
    }

    /** Vertical sampling factor of component {@code i}. */
    public int vSampling(int i) {
        return vSampling[i];
    }

    /**
     * Whether component {@code i} is subsampled 1:1 horizontally and 2:1 vertically relative to the
     * frame (4:4:0): the one case where libjpeg-turbo upsamples smoothly ("fancy" h1v2) and IJG
     * libjpeg 6b replicates rows.
     */
    public boolean isH1V2(int i) {
        int maxH = 0;
        int maxV = 0;
        for (int k = 0; k < components; k++) {
            maxH = Math.max(maxH, hSampling[k]);
            maxV = Math.max(maxV, vSampling[k]);
        }
        return hSampling[i] == maxH && vSampling[i] * 2 == maxV;
    }

    /** Whether a JFIF APP0 segment was seen. */
    public boolean jfif() {
        return jfif;
    }

    /** The Adobe APP14 transform flag, or -1 without an Adobe segment. */
    public int adobeTransform() {
        return adobeTransform;
    }

    /** Image width from the frame header. */
    public int width() {
        return width;
    }

    /** Image height from the frame header. */
    public int height() {
        return height;
    }

    /** Sample precision in bits from the frame header. */
    public int precision() {
        return precision;
    }

    /**
     * The colour space of the coded components by libjpeg's rules, or {@code null} for a
     * component count libjpeg does not interpret (2, or more than 4).
     */
    public ColorSpace colorSpace() {
        switch (components) {
            case 1:
                return ColorSpace.GRAYSCALE;
            case 3:
                if (jfif) {
                    return ColorSpace.YCBCR;
                }
                if (adobeTransform >= 0) {
                    return adobeTransform == 0 ? ColorSpace.RGB : ColorSpace.YCBCR;
                }
                if (componentIds[0] == 'R' && componentIds[1] == 'G' && componentIds[2] == 'B') {
                    return ColorSpace.RGB;
                }
                return ColorSpace.YCBCR;
            case 4:
                if (adobeTransform >= 0) {
                    return adobeTransform == 0 ? ColorSpace.CMYK : ColorSpace.YCCK;
                }
                return ColorSpace.CMYK;
            default:
                return null;
        }
    }
}
