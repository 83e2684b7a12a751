package io.qvit.plugins.adalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prefix-sum scoring of {@link SortedGroups} equals the element-by-element objective for
 * uniform and AdaLog candidates, with and without layer weights, per tensor and per group.
 */
class SortedGroupsTest {

    private static float[] gaussian(Random r, int n, double sd) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * sd);
        }
        return x;
    }

    @Test
    void uniformCandidateObjectiveEqualsTheElementwiseSum() {
        Random r = new Random(11);
        int n = 3000;
        float[] x = gaussian(r, n, 1.3);
        float[] w = new float[n];
        float[] p = gaussian(r, n, 0.2);
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 + r.nextDouble());
        }
        Groups groups = new Groups(100, 3);
        SortedGroups data = new SortedGroups(x, groups);
        for (boolean weighted : new boolean[] {false, true}) {
            data.weigh(weighted ? w : null, weighted ? p : null);
            for (int g = 0; g < 3; g++) {
                for (int bits : new int[] {3, 4}) {
                    float s = 0.37f;
                    int z = 1 << (bits - 1);
                    int qmax = (1 << bits) - 1;
                    float[] xq = new float[n];
                    for (int e = 0; e < n; e++) {
                        float q = (float) Math.rint(x[e] * (1f / s)) + z;
                        q = Math.max(0, Math.min(qmax, q));
                        xq[e] = (q - z) * s;
                    }
                    double expected = ExhaustiveCheck.objective(x, xq, weighted ? w : null, weighted ? p : null, groups, g);
                    assertEquals(expected, UniformFpcs.loss(data, g, s, z, qmax), 1e-9 * (1 + Math.abs(expected)),
                            "group " + g + ", " + bits + " bits, weighted " + weighted);
                }
            }
        }
    }

    @Test
    void rankOneTermPerGroupEqualsTheElementwiseSquare() {
        Random r = new Random(13);
        int n = 600;
        float[] x = gaussian(r, n, 0.7);
        float[] u = gaussian(r, n, 1);
        Groups groups = new Groups(200, 3);
        SortedGroups data = new SortedGroups(x, groups);
        data.weigh(null, null, u, 2.5);
        float s = 0.21f;
        int z = 8;
        for (int g = 0; g < 3; g++) {
            double dot = 0;
            float[] xq = new float[n];
            for (int e = 0; e < n; e++) {
                float q = Math.max(0, Math.min(15, (float) Math.rint(x[e] * (1f / s)) + z));
                xq[e] = (q - z) * s;
                if (groups.of(e) == g) {
                    dot += u[e] * ((double) xq[e] - x[e]);
                }
            }
            double expected = ExhaustiveCheck.objective(x, xq, null, null, groups, g) + 2.5 * dot * dot;
            assertEquals(expected, UniformFpcs.loss(data, g, s, z, 15), 1e-9 * (1 + expected), "group " + g);
        }
    }

    @Test
    void adalogCandidateObjectiveEqualsTheElementwiseSum() {
        Random r = new Random(5);
        int n = 5000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.exp(-10 * r.nextDouble());
        }
        float[] w = new float[n];
        float[] p = gaussian(r, n, 0.01);
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 + r.nextDouble());
        }
        SortedGroups data = new SortedGroups(x, new Groups(n, 1));
        data.weigh(w, p);
        for (int q : new int[] {10, 37, 61, 137}) {
            AdaLogTable t = new AdaLogTable(4, q);
            double s = 0.8;
            float[] xq = new float[n];
            for (int e = 0; e < n; e++) {
                xq[e] = (float) (s * t.level(t.code(x[e], s)));
            }
            double expected = ExhaustiveCheck.objective(x, xq, w, p, new Groups(n, 1), 0);
            assertEquals(expected, AdaLogSearch.loss(data, t, s), 1e-9 * (1 + Math.abs(expected)), "q " + q);
        }
    }

    @Test
    void quantilesInterpolateLikeTorch() {
        SortedGroups data = new SortedGroups(new float[] {4, 1, 3, 2}, new Groups(4, 1));
        assertEquals(1.0, data.quantile(0, 0.0));
        assertEquals(4.0, data.quantile(0, 1.0));
        assertEquals(1.3, data.quantile(0, 0.1), 1e-12);
        assertEquals(2.5, data.quantile(0, 0.5), 1e-12);
    }
}
