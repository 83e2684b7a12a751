package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Dyadic requantization: rounding half to even, clamping, per-channel factors, residual add. */
class IntRoundingTest {
    private final IViTKernel kernel = new IViTKernel();

    @Test
    void roundShiftIsHalfToEvenExactly() {
        assertEquals(0, IntRounding.roundShift(1, 1)); // 0.5 -> 0
        assertEquals(2, IntRounding.roundShift(3, 1)); // 1.5 -> 2
        assertEquals(2, IntRounding.roundShift(5, 1)); // 2.5 -> 2
        assertEquals(-2, IntRounding.roundShift(-3, 1)); // -1.5 -> -2
        assertEquals(-2, IntRounding.roundShift(-5, 1)); // -2.5 -> -2
        assertEquals(-1, IntRounding.roundShift(-3, 2)); // -0.75 -> -1
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 50_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(0, 40);
            int s = rnd.nextInt(0, 63);
            long expected = new BigDecimal(v).divide(new BigDecimal(2).pow(s)).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            assertEquals(expected, IntRounding.roundShift(v, s), v + " / 2^" + s);
        }
    }

    @Test
    void roundDivIsHalfToEven() {
        assertEquals(2, IntRounding.roundDiv(5, 2));
        assertEquals(4, IntRounding.roundDiv(7, 2));
        assertEquals(-2, IntRounding.roundDiv(-5, 2));
        assertEquals(-2, IntRounding.roundDiv(-288, 192)); // -1.5 -> -2
        assertEquals(-1, IntRounding.roundDiv(-287, 192));
        assertEquals(2, IntRounding.roundDiv(480, 192)); // 2.5 -> 2
        assertEquals(-2, IntRounding.roundDiv(-289, 192));
    }

    @Test
    void requantizeRoundsAndClamps() {
        // factor 0.75 = 3 * 2^30 / 2^32
        Dyadic f = DyadicConversion.toDyadic(0.75);
        IntTensor x = IntTensor.of(new int[] {1, 2, 3, -2, 1000, -1000, Integer.MAX_VALUE, Integer.MIN_VALUE}, 1.0, 8);
        IntTensor y = kernel.requantize(x, new Dyadic[] {f}, 4.0 / 3, 8);
        // 0.75, 1.5, 2.25, -1.5 -> 1, 2, 2, -2 (half to even); 750 and -750 clamp to 127 / -128.
        assertArrayEquals(new int[] {1, 2, 2, -2, 127, -128, 127, -128}, y.data());
        assertEquals(4.0 / 3, y.scale());
        IntTensor y32 = kernel.requantize(x, new Dyadic[] {f}, 1, 32);
        assertEquals(Math.round(0.75 * Integer.MAX_VALUE), y32.data()[6]);
        assertEquals((long) (0.75 * Integer.MIN_VALUE), y32.data()[7]);
    }

    @Test
    void requantizePerChannel() {
        Dyadic[] f = {DyadicConversion.toDyadic(0.5), DyadicConversion.toDyadic(2), DyadicConversion.toDyadic(-1)};
        IntTensor x = IntTensor.of(new int[] {3, 3, 3, 5, 70, 7}, 1.0, 2, 3);
        assertArrayEquals(new int[] {2, 6, -3, 2, 127, -7}, kernel.requantize(x, f, 1, 8).data());
        assertThrows(IllegalArgumentException.class, () -> kernel.requantize(x, new Dyadic[2], 1, 8));
        assertThrows(IllegalArgumentException.class, () -> kernel.requantize(x, f, 1, 33));
    }

    @Test
    void residualAddRequantizesEachBranchThenClampsTo16Bits() {
        IntTensor a = IntTensor.of(new int[] {100, -100, 30000, 3}, 0.5, 4);
        IntTensor b = IntTensor.of(new int[] {10, 10, 30000, 1}, 0.25, 4);
        IntTensor y = kernel.add(a, b, 1.0, 16);
        // a*0.5 + b*0.25 rounded per branch: 50+2 (2.5 -> 2), -50+2, clamp(15000+7500), 2 (1.5) + 0 (0.25)
        assertArrayEquals(new int[] {52, -48, 22500, 2}, y.data());
        IntTensor big = kernel.add(IntTensor.of(new int[] {32767}, 1, 1), IntTensor.of(new int[] {32767}, 1, 1), 1, 16);
        assertEquals(32767, big.data()[0]);
        assertThrows(IllegalArgumentException.class, () -> kernel.add(a, IntTensor.of(new int[2], 1, 2), 1, 16));
    }
}
