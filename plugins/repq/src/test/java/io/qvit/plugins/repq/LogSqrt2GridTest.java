package io.qvit.plugins.repq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The log√2 grid against hand-computed codes and values. */
class LogSqrt2GridTest {
    private static final float R2 = (float) Math.sqrt(2);

    @Test
    void codesAndValuesOfHandComputedExamples() {
        LogSqrt2Grid g = new LogSqrt2Grid(3, 1f);
        // x = 1: log2 = 0 -> q = 0 -> Δ
        assertEquals(0, g.code(1f));
        assertEquals(1f, g.value(0));
        // x = 0.5: -2·log2 = 2 -> q = 2 -> 2^-1
        assertEquals(2, g.code(0.5f));
        assertEquals(0.5f, g.fakeQuantize(0.5f));
        // x = 0.7: -2·log2(0.7) = 1.029 -> q = 1 -> 2^-1·√2
        assertEquals(1, g.code(0.7f));
        assertEquals(0.5f * R2, g.fakeQuantize(0.7f));
        // x = 0.3: -2·log2(0.3) = 3.474 -> q = 3 -> 2^-2·√2
        assertEquals(3, g.code(0.3f));
        assertEquals(0.25f * R2, g.fakeQuantize(0.3f));
        // x = 0.1: 6.644 -> q = 7 (= 2^b - 1), 2^-4·√2
        assertEquals(7, g.code(0.1f));
        assertEquals(0.0625f * R2, g.fakeQuantize(0.1f));
        // x = 0.07: 7.673 -> 8 >= 2^3: below the grid -> 0
        assertEquals(8, g.code(0.07f));
        assertEquals(0f, g.fakeQuantize(0.07f));
        // above Δ: q = round(-2) clamped to 0 -> Δ
        assertEquals(0, g.code(3f));
        assertEquals(1f, g.fakeQuantize(3f));
    }

    @Test
    void deltaScalesTheGrid() {
        LogSqrt2Grid g = new LogSqrt2Grid(4, 0.8f);
        assertEquals(2, g.code(0.4f));
        assertEquals(0.4f, g.fakeQuantize(0.4f));
        assertEquals(15, g.maxCode());
        assertEquals(16, g.zeroCode());
        // the smallest level: 2^-8·√2·Δ
        assertEquals(0.00390625f * R2 * 0.8f, g.value(15));
    }

    @Test
    void zerosNegativesAndNaNGiveTheZeroCode() {
        LogSqrt2Grid g = new LogSqrt2Grid(4, 0.5f);
        assertEquals(16, g.code(0f));
        assertEquals(16, g.code(-0f));
        assertEquals(16, g.code(-0.3f));
        assertEquals(16, g.code(Float.NaN));
        assertEquals(16, g.code(Float.MIN_VALUE));
        assertEquals(0f, g.fakeQuantize(0f));
        assertEquals(0f, g.value(16));
    }

    @Test
    void everyCodeRoundTrips() {
        for (int bits = 2; bits <= 8; bits++) {
            LogSqrt2Grid g = new LogSqrt2Grid(bits, 0.37f);
            for (int q = 0; q <= g.zeroCode(); q++) {
                float v = g.value(q);
                assertEquals(q, g.code(v), "bits " + bits + " code " + q);
                assertEquals(v, g.fakeQuantize(v));
            }
        }
    }

    @Test
    void codesEqualTheLogarithmDefinition() {
        java.util.Random rnd = new java.util.Random(7);
        for (int bits : new int[] {2, 4, 8, 12}) {
            LogSqrt2Grid g = new LogSqrt2Grid(bits, 0.61f);
            for (int i = 0; i < 100_000; i++) {
                float x = (float) Math.exp(-rnd.nextDouble() * 40);
                double t = Math.rint(-2 * Math.log((double) (x / 0.61f)) / Math.log(2));
                int expected = t >= (1 << bits) ? g.zeroCode() : (int) Math.max(t, 0);
                assertEquals(expected, g.code(x), "x = " + x + ", bits " + bits);
            }
        }
    }

    @Test
    void invalidDeltaIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LogSqrt2Grid(4, 0f));
        assertThrows(IllegalArgumentException.class, () -> new LogSqrt2Grid(4, Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LogSqrt2Grid(4, Float.POSITIVE_INFINITY));
    }
}
