package io.qvit.plugins.tsptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The V-2SF encoding: every representable value round-trips exactly; regions align by a shift. */
class TwoScaleCodeTest {

    @ParameterizedTest
    @CsvSource({"8, 0.00048828125, 0, 4", "8, 0.0123, 14, 3", "6, 0.37, 0, 1", "4, 1e-3, 7, 6", "2, 0.5, 1, 2",
        "8, 3.1e-5, 127, 8", "12, 1e-4, 5, 5"})
    void everyRepresentableValueRoundTripsExactly(int bits, float fine, int z, int m) {
        TwoScaleCode c = new TwoScaleCode(bits, fine, z, m);
        for (int code = 0; code < 1 << bits; code++) {
            float v = c.decode(code);
            int back = c.encode(v);
            assertEquals(Float.floatToIntBits(v), Float.floatToIntBits(c.decode(back)), "code " + code + " value " + v);
            assertEquals(c.integer(code) * (double) fine, (double) v, Math.ulp(v), "the integer in units of Δ");
            if ((code & c.flag()) == 0 || c.decode(code) > (c.payloadMax() - z) * fine) {
                assertEquals(code, back, "a value only one code holds comes back as that code");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"8, 0.001, 0, 4"})
    void smallValuesUseTheFineRegionAndLargeOnesTheCoarse(int bits, float fine, int z, int m) {
        TwoScaleCode c = new TwoScaleCode(bits, fine, z, m);
        assertEquals(13, c.encode(0.0131f), "fine: 0.0131/0.001 rounds to 13");
        int big = c.encode(0.5f);
        assertEquals(c.flag(), big & c.flag(), "0.5 is beyond the fine region (0.127)");
        assertEquals(31, big & c.payloadMax(), "0.5/0.016 rounds to 31");
        assertEquals(31L << 4, c.integer(big), "the coarse code in units of Δ is the payload shifted by m");
        assertEquals(c.flag() | 127, c.encode(1e30f), "clamped at the coarse maximum");
        assertEquals(0, c.encode(-1f), "clamped at the fine minimum");
    }

    @ParameterizedTest
    @CsvSource({"8, 0, 0, 1", "8, 0.1, 128, 1", "8, 0.1, 0, 31", "1, 0.1, 0, 1"})
    void invalidParametersAreRefused(int bits, float fine, int z, int m) {
        assertThrows(IllegalArgumentException.class, () -> new TwoScaleCode(bits, fine, z, m));
    }
}
