package io.qvit.plugins.dopq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The TanQ level table: end points, monotony, where the levels are dense, the closed forms. */
class TanGridTest {

    @Test
    void endPointsAreExactAndLevelsAscend() {
        for (int bits = 2; bits <= 8; bits++) {
            TanGrid g = new TanGrid(bits, 1.4, 1.0, 1f, 16);
            float[] t = g.levels();
            assertEquals(1 << bits, t.length);
            assertEquals(0f, t[0]);
            assertEquals(1f, t[t.length - 1]);
            for (int q = 1; q < t.length; q++) {
                assertTrue(t[q] > t[q - 1], "bits " + bits + " level " + q);
            }
        }
    }

    @Test
    void levelsAreDenseNearZeroAndNearOne() {
        float[] t = new TanGrid(4, 1.3, 1.3, 1f, 0).levels();
        float first = t[1] - t[0];
        float last = t[15] - t[14];
        float middle = t[8] - t[7];
        assertTrue(first < middle / 3 && last < middle / 3, "steps " + first + " " + middle + " " + last);
        assertEquals(first, last, 1e-6f, "a = e is symmetric");
        float[] skew = new TanGrid(4, 1.5, 0.8, 1f, 0).levels();
        assertTrue(skew[1] - skew[0] < skew[15] - skew[14], "a > e: finer near 0 than near 1");
    }

    @Test
    void zeroAnglesAreTheUniformGrid() {
        float[] t = new TanGrid(3, 0, 0, 1f, 0).levels();
        for (int q = 0; q < 8; q++) {
            assertEquals((float) (q / 7.0), t[q], 0f);
        }
    }

    @Test
    void symmetricFormIsTheHalfTangentFormula() {
        double theta = 2.6;
        for (int q = 0; q <= 15; q++) {
            double u = q / 15.0;
            double expected = 0.5 + StrictMath.atan((2 * u - 1) * StrictMath.tan(theta / 2)) / theta;
            assertEquals(expected, TanGrid.unit(u, theta / 2, theta / 2), 1e-12);
        }
    }

    @Test
    void compandInvertsUnit() {
        for (double u = 0; u <= 1; u += 0.0625) {
            assertEquals(u, TanGrid.compand(TanGrid.unit(u, 1.45, 0.9), 1.45, 0.9), 1e-9);
        }
    }

    @Test
    void tableEntriesLieOnTheFixedPointGrid() {
        float[] t = new TanGrid(6, 1.52, 1.2, 1f, 16).levels();
        for (float v : t) {
            double k = v * 65536.0;
            assertEquals(Math.rint(k), k, 0.0, "level " + v);
        }
    }

    @Test
    void codesPickTheNearestLevel() {
        TanGrid g = new TanGrid(4, 1.4, 1.1, 1f, 0);
        float[] t = g.levels();
        for (int i = 0; i <= 1000; i++) {
            float x = i / 1000f;
            int best = 0;
            for (int q = 1; q < t.length; q++) {
                if (Math.abs(x - t[q]) < Math.abs(x - t[best])) {
                    best = q;
                }
            }
            assertEquals(Math.abs(x - t[best]), Math.abs(x - g.fakeQuantize(x)), 0f, "x = " + x);
        }
        assertEquals(0, g.code(-3f));
        assertEquals(0, g.code(Float.NaN));
        assertEquals(15, g.code(7f));
    }

    @Test
    void rejectsAnglesOutsideTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new TanGrid(4, StrictMath.PI / 2, 0, 1f, 0));
        assertThrows(IllegalArgumentException.class, () -> new TanGrid(4, 0, -0.1, 1f, 0));
        assertThrows(IllegalArgumentException.class, () -> new TanGrid(4, 0, 0, 0f, 0));
    }
}
