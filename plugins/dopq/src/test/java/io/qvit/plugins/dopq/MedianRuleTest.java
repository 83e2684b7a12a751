package io.qvit.plugins.dopq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qvit.api.reparam.LayerScale;
import org.junit.jupiter.api.Test;

/** The median rule (MOSF v2). */
class MedianRuleTest {

    @Test
    void oddCountTakesTheMiddleValue() {
        LayerScale s = new MedianRule().choose(new float[] {0.3f, 0.1f, 9f, 0.2f, 0.25f}, new float[] {4, 7, 0, 5, 6});
        assertEquals(0.25f, s.scale());
        assertEquals(5f, s.zeroPoint());
    }

    @Test
    void evenCountAveragesTheTwoMiddleValues() {
        LayerScale s = new MedianRule().choose(new float[] {0.4f, 0.1f, 100f, 0.2f}, new float[] {3, 8, 0, 4});
        assertEquals(0.3f, s.scale(), 1e-7f);
        assertEquals(3.5f, s.zeroPoint());
    }

    @Test
    void anOutlierDoesNotMoveTheMedianUnlikeTheMean() {
        float[] s = {1f, 1.1f, 0.9f, 1.05f, 0.95f};
        float[] z = {8, 8, 8, 8, 8};
        float clean = new MedianRule().choose(s, z).scale();
        s[0] = 50f;
        assertEquals(clean, new MedianRule().choose(s, z).scale(), 0.06f);
        assertEquals("median", new MedianRule().name());
    }

    @Test
    void orderDoesNotMatter() {
        float[] a = {0.5f, 0.2f, 0.9f, 0.1f, 0.7f, 0.3f};
        float[] b = {0.1f, 0.3f, 0.9f, 0.2f, 0.5f, 0.7f};
        float[] z = {1, 2, 3, 4, 5, 6};
        assertEquals(new MedianRule().choose(a, z).scale(), new MedianRule().choose(b, z).scale());
        assertEquals(0.4f, new MedianRule().choose(a, z).scale(), 1e-7f);
    }
}
