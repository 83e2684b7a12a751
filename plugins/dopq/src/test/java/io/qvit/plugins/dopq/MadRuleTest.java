package io.qvit.plugins.dopq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qvit.api.reparam.LayerScale;
import org.junit.jupiter.api.Test;

/** The MAD outlier rule (MOSF v3, reconstructed). */
class MadRuleTest {

    @Test
    void outliersAreLeftOutOfTheMeans() {
        float[] s = {1.0f, 1.2f, 0.8f, 1.1f, 0.9f, 10f, 1.0f};
        float[] z = {8, 9, 7, 8, 8, 0, 8};
        MadRule rule = new MadRule(3);
        // median 1.0, |s - 1| = 0, .2, .2, .1, .1, 9, 0 -> MAD 0.1; limit 3 * 1.4826 * 0.1 = 0.445
        assertArrayEquals(new int[] {5}, rule.outliers(s));
        LayerScale t = rule.choose(s, z);
        assertEquals((1.0 + 1.2 + 0.8 + 1.1 + 0.9 + 1.0) / 6, t.scale(), 1e-6);
        assertEquals((8 + 9 + 7 + 8 + 8 + 8) / 6.0, t.zeroPoint(), 1e-6);
        assertEquals("mad-3.0", rule.name());
    }

    @Test
    void withoutOutliersItIsTheMean() {
        float[] s = {1.0f, 1.2f, 0.8f, 1.1f, 0.9f};
        float[] z = {1, 2, 3, 4, 5};
        LayerScale t = new MadRule(3).choose(s, z);
        assertEquals(1.0f, t.scale(), 1e-6f);
        assertEquals(3f, t.zeroPoint(), 1e-6f);
    }

    @Test
    void zeroMadKeepsTheChannelsAtTheMedian() {
        float[] s = {2f, 2f, 2f, 7f, 0.5f};
        float[] z = {4, 4, 4, 1, 9};
        LayerScale t = new MadRule(3).choose(s, z);
        assertEquals(2f, t.scale());
        assertEquals(4f, t.zeroPoint());
    }

    @Test
    void tinyThresholdFallsBackToTheMedian() {
        float[] s = {1f, 2f, 4f, 8f};
        float[] z = {1, 2, 3, 4};
        LayerScale t = new MadRule(0.01).choose(s, z);
        assertEquals(3f, t.scale());
        assertEquals(2.5f, t.zeroPoint());
    }

    @Test
    void rejectsBadThresholds() {
        assertThrows(IllegalArgumentException.class, () -> new MadRule(0));
        assertThrows(IllegalArgumentException.class, () -> new MadRule(Double.NaN));
    }
}
