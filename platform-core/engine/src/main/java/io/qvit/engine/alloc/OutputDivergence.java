package io.qvit.engine.alloc;

import io.qvit.api.tensor.Tensor;

/**
 * The probe's loss: mean over images of KL(softmax(reference) || softmax(quantized)) of two logit
 * batches {@code [N, C]}, in double and in a fixed order (the same number on every machine for the
 * same logits).
 */
final class OutputDivergence {
    private OutputDivergence() {
    }

    /** Mean KL divergence of {@code quantized} from {@code reference}, per image. */
    static double kl(Tensor reference, Tensor quantized) {
        int n = reference.dim(0);
        int c = reference.size() / n;
        if (quantized.size() != reference.size()) {
            throw new IllegalArgumentException("logit shapes differ: " + reference.size() + " vs " + quantized.size());
        }
        float[] p = reference.data();
        float[] q = quantized.data();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] lp = logSoftmax(p, i * c, c);
            double[] lq = logSoftmax(q, i * c, c);
            double kl = 0;
            for (int j = 0; j < c; j++) {
                kl += StrictMath.exp(lp[j]) * (lp[j] - lq[j]);
            }
            total += Math.max(0, kl);
        }
        return total / n;
    }

    private static double[] logSoftmax(float[] x, int offset, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
            sum += StrictMath.exp(x[offset + j] - max);
        }
        double log = max + StrictMath.log(sum);
        double[] out = new double[c];
        for (int j = 0; j < c; j++) {
            out[j] = x[offset + j] - log;
        }
        return out;
    }
}
