package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qvit.api.kernel.Dyadic;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The conversion of real factors to 31-bit dyadic numbers. */
class DyadicConversionTest {
    @Test
    void relativeErrorBelowTwoToMinus30OverTheRange() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            double f = Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-32, 31)) * (rnd.nextBoolean() ? 1 : -1);
            Dyadic d = DyadicConversion.toDyadic(f);
            long m = Math.abs(d.multiplier());
            assertTrue(m >= 1L << 30 && m < 1L << 31, () -> "multiplier not 31 bits: " + d + " for " + f);
            assertEquals(Math.signum(f), Math.signum(d.multiplier()));
            double rel = Math.abs(d.value() - f) / Math.abs(f);
            assertTrue(rel < 0x1p-30, () -> "relative error " + rel + " for " + f + " -> " + d);
        }
    }

    @Test
    void exactPowersAndRoundHalfUp() {
        assertEquals(new Dyadic(1L << 30, 31), DyadicConversion.toDyadic(0.5));
        assertEquals(new Dyadic(1L << 30, 30), DyadicConversion.toDyadic(1.0));
        assertEquals(new Dyadic(0, 0), DyadicConversion.toDyadic(0.0));
        // f * 2^31 = 2^30 + 0.5 exactly: rounds half up as the reference's Decimal ROUND_HALF_UP.
        double half = Math.scalb((double) ((1L << 31) + 1), -32);
        assertEquals(new Dyadic((1L << 30) + 1, 31), DyadicConversion.toDyadic(half));
        // Rounding up to 2^31 renormalises to 2^30 with one shift less.
        double nearOne = 1 - 0x1p-40;
        assertEquals(new Dyadic(1L << 30, 30), DyadicConversion.toDyadic(nearOne));
    }

    @Test
    void outOfRangeFactorsFailClearly() {
        assertThrows(IllegalArgumentException.class, () -> DyadicConversion.toDyadic(0x1p31));
        assertThrows(IllegalArgumentException.class, () -> DyadicConversion.toDyadic(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DyadicConversion.toDyadic(Double.POSITIVE_INFINITY));
        Dyadic tiny = DyadicConversion.toDyadic(0x1p-40);
        assertEquals(62, tiny.shift());
        assertEquals(1L << 22, tiny.multiplier());
    }
}
