package io.qvit.runtime.internal;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width of every kernel: the platform's preferred shape, capped at 512 bits and, when the
 * system property {@value #PROPERTY} is set (128, 256 or 512), at that width. Results never depend
 * on it (reductions run over {@link FixedOrderSum#WIDTH} logical lanes, products accumulate each
 * element along k in order, element-wise tails run through the same vector arithmetic); the cap
 * exists so that this can be tested on any machine, and to compare speeds.
 */
public final class VectorWidth {
    /** System property that caps the vector width in bits: 128, 256 or 512. */
    public static final String PROPERTY = "qvit.vector.bits";
    /** The width in bits of every vector the kernels use. */
    public static final int BITS = choose(System.getProperty(PROPERTY), VectorShape.preferredShape().vectorBitSize());
    /** Float species of the kernels. */
    public static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));
    /** Int species of the integer kernels. */
    public static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BITS));

    private VectorWidth() {
    }

    /**
     * The width for a requested cap ({@code null}: none) on a machine whose preferred width is
     * {@code preferredBits}: the smallest of the two and 512, at least 128.
     *
     * @throws IllegalArgumentException when the cap is not 128, 256 or 512
     */
    static int choose(String cap, int preferredBits) {
        int bits = Math.max(128, Math.min(512, preferredBits));
        if (cap == null || cap.isBlank()) {
            return bits;
        }
        int requested;
        try {
            requested = Integer.parseInt(cap.strip());
        } catch (NumberFormatException e) {
            requested = -1;
        }
        if (requested != 128 && requested != 256 && requested != 512) {
            throw new IllegalArgumentException("system property " + PROPERTY + " must be 128, 256 or 512, got '" + cap + "'");
        }
        return Math.min(bits, requested);
    }
}
