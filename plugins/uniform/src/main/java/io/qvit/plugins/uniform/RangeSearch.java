package io.qvit.plugins.uniform;

import io.qvit.toolkit.stats.TorchQuantile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two searched range estimators of the uniform quantizer, each a per-group search for the
 * grid of least squared error on the stored calibration samples: percentile-MSE (RepQ-ViT's
 * search over percentile pairs) and OMSE (FQ-ViT's shrinking of the min/max range).
 */
final class RangeSearch {
    /** OMSE's number of shrink steps. */
    static final int MSE_STEPS = 90;

    private RangeSearch() {
    }

    /**
     * Per group, the percentile pair (p, 1 - p) among {@code candidates} whose grid has the least
     * squared error on the stored samples (first candidate on ties); sorts the stored samples.
     *
     * @return the chosen percentile per group; {@code s} and {@code z} receive the grids
     */
    static List<Double> percentileMse(UniformGrid grid, SampleStore store, List<Double> candidates, float[] s, float[] z) {
        int groups = s.length;
        List<Double> chosen = new ArrayList<>(groups);
        float[] cs = new float[1];
        float[] cz = new float[1];
        for (int g = 0; g < groups; g++) {
            SampleStore.Slice v = store.group(g);
            Arrays.sort(v.data(), v.from(), v.to());
            double best = Double.POSITIVE_INFINITY;
            double bestPct = candidates.get(0);
            for (int c = 0; c < candidates.size(); c++) {
                double pct = candidates.get(c);
                float hi = TorchQuantile.of(v.data(), v.from(), v.length(), pct);
                float lo = TorchQuantile.of(v.data(), v.from(), v.length(), TorchQuantile.complement(pct));
                grid.fit(lo, hi, cs, cz, 0);
                double err = grid.squaredError(v.data(), v.from(), v.to(), cs[0], cz[0]);
                if (c == 0 || err < best) {
                    best = err;
                    bestPct = pct;
                    s[g] = cs[0];
                    z[g] = cz[0];
                }
            }
            chosen.add(bestPct);
        }
        return chosen;
    }

    /**
     * OMSE: per group, the factor {@code 1 - 0.01 i} ({@code i < }{@value #MSE_STEPS}) that shrinks
     * the observed [min, max] to the grid of least squared error on the stored samples.
     *
     * @return the chosen factor per group; {@code s} and {@code z} receive the grids
     */
    static List<Double> omse(UniformGrid grid, SampleStore store, float[] runMin, float[] runMax, float[] s, float[] z) {
        int groups = s.length;
        List<Double> chosen = new ArrayList<>(groups);
        float[] cs = new float[1];
        float[] cz = new float[1];
        for (int g = 0; g < groups; g++) {
            SampleStore.Slice v = store.group(g);
            double best = Double.POSITIVE_INFINITY;
            double bestFactor = 1.0;
            for (int i = 0; i < MSE_STEPS; i++) {
                double factor = 1.0 - i * 0.01;
                float f = (float) factor;
                grid.fit(runMin[g] * f, runMax[g] * f, cs, cz, 0);
                double err = grid.squaredError(v.data(), v.from(), v.to(), cs[0], cz[0]);
                if (i == 0 || err < best) {
                    best = err;
                    bestFactor = factor;
                    s[g] = cs[0];
                    z[g] = cz[0];
                }
            }
            chosen.add(bestFactor);
        }
        return chosen;
    }
}
