package io.qvit.data;

import java.util.Locale;

/**
 * The resampling filters of PIL's convolution-based resize ({@code Resample.c}), each a kernel
 * with its support radius at scale 1. When downscaling, PIL stretches the kernel by the scale
 * factor (antialiasing); {@link PilResize} does the same.
 */
public enum Resampling {
    /** Box filter, support 0.5. */
    BOX(0.5),
    /** Triangle (bilinear) filter, support 1. */
    BILINEAR(1.0),
    /** Hamming-windowed sinc, support 1. */
    HAMMING(1.0),
    /** Keys cubic convolution with {@code a = -0.5}, support 2. */
    BICUBIC(2.0),
    /** Lanczos-3 windowed sinc, support 3. */
    LANCZOS(3.0);

    private final double support;

    Resampling(double support) {
        this.support = support;
    }

    /** The support radius of the kernel at scale 1. */
    public double support() {
        return support;
    }

    /** The kernel value at distance {@code x}, exactly as PIL evaluates it (in double precision). */
    public double kernel(double x) {
        switch (this) {
            case BOX:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR:
                if (x < 0.0) {
                    x = -x;
                }
                return x < 1.0 ? 1.0 - x : 0.0;
            case HAMMING:
                if (x < 0.0) {
                    x = -x;
                }
                if (x == 0.0) {
                    return 1.0;
                }
                if (x >= 1.0) {
                    return 0.0;
                }
                x = x * Math.PI;
                return Math.sin(x) / x * (0.54f + 0.46f * Math.cos(x));
            case BICUBIC: {
                final double a = -0.5;
                if (x < 0.0) {
                    x = -x;
                }
                if (x < 1.0) {
                    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * a;
                }
                return 0.0;
            }
            case LANCZOS:
                if (-3.0 <= x && x < 3.0) {
                    return sinc(x) * sinc(x / 3);
                }
                return 0.0;
            default:
                throw new AssertionError(this);
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x;
    }

    /**
     * The filter named as timm and torchvision name interpolation modes: {@code "bicubic"},
     * {@code "bilinear"}, {@code "box"}, {@code "hamming"}, {@code "lanczos"} (case-insensitive).
     *
     * @throws IllegalArgumentException for any other name (including {@code "nearest"}, which is not a
     *     convolution filter in PIL)
     */
    public static Resampling fromName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "bicubic":
                return BICUBIC;
            case "bilinear":
                return BILINEAR;
            case "box":
                return BOX;
            case "hamming":
                return HAMMING;
            case "lanczos":
                return LANCZOS;
            default:
                throw new IllegalArgumentException("unsupported interpolation '" + name
                        + "': expected bicubic, bilinear, box, hamming or lanczos");
        }
    }
}
