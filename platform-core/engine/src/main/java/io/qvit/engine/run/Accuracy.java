package io.qvit.engine.run;

import io.qvit.api.tensor.Tensor;

/**
 * Running top-1/top-5 counts over batches of logits. A NaN never counts as correct: an image whose
 * true class scores NaN is wrong, and a NaN score of another class outranks the true class.
 */
public final class Accuracy {
    private long images;
    private long top1;
    private long top5;

    /** Adds a batch: {@code logits} {@code [B, classes]} and the true class of each image. */
    public void add(Tensor logits, int[] labels) {
        int classes = logits.dim(1);
        float[] v = logits.data();
        for (int b = 0; b < labels.length; b++) {
            int off = b * classes;
            float truth = v[off + labels[b]];
            int better = Float.isNaN(truth) ? classes : 0;
            for (int c = 0; c < classes; c++) {
                float x = v[off + c];
                // Ties rank by index, as torch.topk on CPU does for equal values.
                if (x > truth || (x == truth && c < labels[b]) || (c != labels[b] && Float.isNaN(x))) {
                    better++;
                }
            }
            images++;
            if (better == 0) {
                top1++;
            }
            if (better < 5) {
                top5++;
            }
        }
    }

    /** Images counted. */
    public long images() {
        return images;
    }

    /** Top-1 accuracy as a fraction in [0, 1] (0 when empty). */
    public double top1() {
        return images == 0 ? 0 : (double) top1 / images;
    }

    /** Top-5 accuracy as a fraction in [0, 1] (0 when empty). */
    public double top5() {
        return images == 0 ? 0 : (double) top5 / images;
    }
}
