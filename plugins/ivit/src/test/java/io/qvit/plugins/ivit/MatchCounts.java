package io.qvit.plugins.ivit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Element-wise comparison of an integer result with a reference: how many elements are equal,
 * differ by exactly one unit, or differ by more.
 */
record MatchCounts(String kernel, long equal, long offByOne, long worse, long maxAbsDiff) {

    /** Compares {@code actual} with {@code expected} element by element. */
    static MatchCounts of(String kernel, int[] actual, int[] expected) {
        assertEquals(expected.length, actual.length, kernel + ": element count");
        long eq = 0;
        long one = 0;
        long worse = 0;
        long max = 0;
        for (int i = 0; i < actual.length; i++) {
            long d = Math.abs((long) actual[i] - expected[i]);
            max = Math.max(max, d);
            if (d == 0) {
                eq++;
            } else if (d == 1) {
                one++;
            } else {
                worse++;
            }
        }
        return new MatchCounts(kernel, eq, one, worse, max);
    }

    long total() {
        return equal + offByOne + worse;
    }

    /** Prints the counts (they go into the test report). */
    MatchCounts print() {
        System.out.printf("[ivit golden] %-14s equal %d / +-1 %d / worse %d of %d (%.4f%% equal, max |diff| %d)%n",
                kernel, equal, offByOne, worse, total(), 100.0 * equal / total(), maxAbsDiff);
        return this;
    }

    /** The acceptance rule: at least 99% equal and nothing off by more than one unit. */
    void assertAcceptable() {
        assertTrue(equal >= 0.99 * total(), kernel + ": fewer than 99% equal: " + this);
        assertEquals(0, worse, kernel + ": elements off by more than one unit: " + this);
    }
}
