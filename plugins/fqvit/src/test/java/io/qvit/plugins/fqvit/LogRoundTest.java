package io.qvit.plugins.fqvit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * LIS codes, worked by hand from the authors' {@code log_round(round(Σexp/exp))}: v = round(1/p);
 * the code is ⌊log2 v⌋, plus one when v − 2^⌊log2 v⌋ ≥ 2^(⌊log2 v⌋−1) (rounding at 1.5·2^k, not at
 * √2·2^k as round(−log2 p) would); 4 bits; 16 and above is the masked zero (code −1).
 */
class LogRoundTest {
    @ParameterizedTest
    @CsvSource({
        "1.0,    0",   // v = 1
        "0.5,    1",   // v = 2
        "0.3,    2",   // v = 3: 3 - 2 >= 1
        "0.36,   2",   // v = round(2.78) = 3; round(-log2 0.36) = round(1.47) would give 1
        "0.14,   3",   // v = 7: 7 - 4 >= 2
        "0.18,   3",   // v = round(5.56) = 6: 6 - 4 >= 2
        "0.4,    1",   // v = round(2.5) = 2, half to even as torch.round
        "3e-5,   15",  // v = 33333: 33333 - 32768 < 16384
        "1e-5,   -1",  // v = 100000: 65536 + 34464, 34464 >= 32768: 17, masked
        "0.0,    -1",  // 1/0 = inf: masked
        "-0.1,   -1",  // negative: masked
        "2.5,    0"})  // v = round(0.4) = 0: log2 0 = -inf, clamped to 0
    void codesAsTheAuthorsLogRound(float p, int code) {
        assertEquals(code, LogRound.code(p, 4), "p = " + p);
        assertEquals(code < 0 ? 0f : (float) Math.pow(2, -code), LogRound.value(code));
    }
}
