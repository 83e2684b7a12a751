package io.qvit.plugins.mptq;

import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * OPT-m's per-layer search: the two-region grid minimising the squared output error of a linear
 * layer {@code Y = X·Wᵀ} over a seeded sample of its calibration rows, with the weight quantized
 * by its own quantizer when it has one. Plain loops in double in a fixed order: the same answer on
 * every machine.
 */
final class RatioSearch {
    private RatioSearch() {
    }

    /**
     * The search's outcome.
     *
     * @param grid the best grid
     * @param initialError the start grid's error
     * @param error the best grid's error
     * @param candidates grids evaluated
     */
    record Result(TwinGrid grid, double initialError, double error, int candidates) {
    }

    static Result search(TwinGrid start, OptmOptions options, LayerView layer) {
        Tensor w = layer.right();
        int n = w.dim(0);
        int k = w.dim(1);
        Tensor x = layer.left();
        if (x.size() % k != 0) {
            throw new IllegalArgumentException("mptq.optm at " + layer.site() + ": input size " + x.size()
                    + " is not a multiple of the weight's " + k + " columns");
        }
        float[] wq = layer.quantizer(layer.rightSite()).filter(TensorQuantizer::fitted).map(q -> q.quantize(w))
                .orElse(w).data();
        float[] rows = sample(x.data(), x.size() / k, k, options.rows(), layer.seed());
        int r = rows.length / k;
        double[] reference = new double[r * n];
        float[] wd = w.data();
        for (int i = 0; i < r; i++) {
            for (int o = 0; o < n; o++) {
                double acc = 0;
                for (int c = 0; c < k; c++) {
                    acc += (double) rows[i * k + c] * wd[o * k + c];
                }
                reference[i * n + o] = acc;
            }
        }
        Evaluator eval = new Evaluator(rows, r, k, wq, n, reference);
        double initial = eval.error(start);
        TwinGrid best = start;
        double bestError = initial;
        int tried = 1;
        float base = start.positive();
        for (int pass = 0; pass < 3; pass++) {
            if (pass == 1) {
                for (int m = 0; m <= options.maxExponent(); m++) {
                    TwinGrid g = new TwinGrid(start.bits(), best.positive(), m);
                    double e = eval.error(g);
                    tried++;
                    if (e < bestError) {
                        best = g;
                        bestError = e;
                    }
                }
            } else {
                for (int i = 1; i <= options.steps(); i++) {
                    float p = base * (float) (0.25 + 0.75 * i / options.steps());
                    if (!(p >= Float.MIN_NORMAL)) {
                        continue;
                    }
                    TwinGrid g = new TwinGrid(start.bits(), p, best.exponent());
                    double e = eval.error(g);
                    tried++;
                    if (e < bestError) {
                        best = g;
                        bestError = e;
                    }
                }
            }
        }
        return new Result(best, initial, bestError, tried);
    }

    /** {@code count} distinct rows drawn with {@code seed} (all rows when there are fewer), in ascending order. */
    private static float[] sample(float[] x, int total, int k, int count, long seed) {
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        int take = Math.min(count, total);
        Random rnd = new Random(seed);
        for (int i = 0; i < take; i++) {
            int j = i + rnd.nextInt(total - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, take);
        Arrays.sort(chosen);
        float[] out = new float[take * k];
        for (int i = 0; i < take; i++) {
            System.arraycopy(x, chosen[i] * k, out, i * k, k);
        }
        return out;
    }

    /** The squared output error of one grid. */
    private record Evaluator(float[] rows, int r, int k, float[] wq, int n, double[] reference) {
        double error(TwinGrid g) {
            float negative = g.negative();
            float[] q = new float[k];
            double total = 0;
            for (int i = 0; i < r; i++) {
                for (int c = 0; c < k; c++) {
                    q[c] = g.quantize(rows[i * k + c], negative);
                }
                for (int o = 0; o < n; o++) {
                    double acc = 0;
                    for (int c = 0; c < k; c++) {
                        acc += (double) q[c] * wq[o * k + c];
                    }
                    double d = acc - reference[i * n + o];
                    total += d * d;
                }
            }
            return total;
        }
    }
}
