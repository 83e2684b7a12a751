package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact integer square root and I-ViT's ten-step Newton iteration. */
class IntegerSqrtTest {
    private static long exact(long v) {
        return BigInteger.valueOf(v).sqrt().longValueExact();
    }

    @Test
    void floorSqrtIsExact() {
        for (long v = 0; v < 200_000; v++) {
            assertEquals(exact(v), IntegerSqrt.floorSqrt(v), "v = " + v);
        }
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            long v = rnd.nextLong(Long.MAX_VALUE) >> rnd.nextInt(0, 62);
            assertEquals(exact(v), IntegerSqrt.floorSqrt(v), "v = " + v);
        }
        for (long r = 3_037_000_499L - 3; r <= 3_037_000_499L; r++) {
            for (long v : new long[] {r * r - 1, r * r, r * r + 1}) {
                assertEquals(exact(v), IntegerSqrt.floorSqrt(v), "v = " + v);
            }
        }
        assertEquals(exact(Long.MAX_VALUE), IntegerSqrt.floorSqrt(Long.MAX_VALUE));
    }

    /**
     * In [NEWTON_EXACT_MIN, 2^40] the reference's iteration gives floor(sqrt(v)), except for some
     * v = m^2 - 1 where it stops at m; the count of those is printed.
     */
    @Test
    void newtonMatchesFloorSqrtInItsValidRange() {
        long oscillations = 0;
        long checked = 0;
        long lo = IntegerSqrt.NEWTON_EXACT_MIN;
        for (long v = lo; v < lo + 300_000; v++) {
            oscillations += check(v);
            checked++;
        }
        for (long v = IntegerSqrt.NEWTON_EXACT_MAX - 100_000; v <= IntegerSqrt.NEWTON_EXACT_MAX; v++) {
            oscillations += check(v);
            checked++;
        }
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < 300_000; i++) {
            long v = lo + rnd.nextLong(IntegerSqrt.NEWTON_EXACT_MAX - lo);
            oscillations += check(v);
            checked++;
            long m = 380 + rnd.nextLong(1L << 20); // squares and their neighbours
            for (long w = m * m - 1; w <= m * m + 1; w++) {
                oscillations += check(w);
                checked += 1;
            }
        }
        System.out.printf("[ivit isqrt] Newton = floor(sqrt) on %d values; %d stop at m for v = m^2 - 1%n",
                checked - oscillations, oscillations);
        // Below the range the iteration has not converged and overestimates.
        assertTrue(IntegerSqrt.newton(lo - 1) > exact(lo - 1) + 1 || IntegerSqrt.newton(lo - 1) == exact(lo - 1) + 1);
        assertEquals(64, IntegerSqrt.newton(0), "a constant row: 2^16 halved ten times");
    }

    private static int check(long v) {
        long k = IntegerSqrt.newton(v);
        long s = exact(v);
        if (k == s) {
            return 0;
        }
        assertEquals(s + 1, k, "v = " + v);
        assertEquals((s + 1) * (s + 1), v + 1, "off by one only for v = m^2 - 1, not " + v);
        return 1;
    }
}
