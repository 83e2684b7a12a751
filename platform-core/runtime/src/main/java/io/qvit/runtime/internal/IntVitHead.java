package io.qvit.runtime.internal;

import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;

/**
 * The end of the integer graph: I-LayerNorm of the class (and distillation) token to int8, the
 * head's integer product, and the logits {@code acc[c]·s_w[c]·s_x} (the mean of both heads for a
 * distilled DeiT).
 */
final class IntVitHead {
    /** A classifier head: its input grid and integer layer; logits are {@code acc[c]·accScale[c]}. */
    private record Classifier(IntSiteScales.Activation in, IntLinear linear, double[] accScales) {
    }

    private final int dim;
    private final int tokens;
    private final double streamScale;
    private final double[] normGamma;
    private final double[] normBeta;
    private final Classifier head;
    private final Classifier headDist;

    /**
     * The final norm and head(s) of the converted model, whose last stream has scale {@code streamScale}.
     *
     * @throws UnsupportedOperationException for a model without a classifier head
     */
    IntVitHead(IntVitConversion cv, double streamScale, boolean distilled) {
        this.dim = cv.shape.dim();
        this.tokens = cv.shape.tokens();
        this.streamScale = streamScale;
        this.normGamma = cv.doubles("norm.weight");
        this.normBeta = cv.doubles("norm.bias");
        int classes = cv.config.numClasses();
        if (classes <= 0) {
            throw new UnsupportedOperationException(cv.config.architecture()
                    + ": the integer path needs a classifier head");
        }
        this.head = classifier(cv, "", "head", classes);
        this.headDist = distilled ? classifier(cv, "head_dist", "head_dist", classes) : null;
    }

    private static Classifier classifier(IntVitConversion cv, String scope, String key, int classes) {
        IntSiteScales.Activation in = cv.act(scope, SiteRole.HEAD_INPUT, 8);
        IntSiteScales.Weight hw = cv.weight(scope, SiteRole.HEAD_WEIGHT);
        IntLinear l = new IntLinear(cv.weights(key + ".weight"), cv.weights(key + ".bias"), hw.scales(), hw.bits(),
                in.scale(), in.maxAbs(), classes, cv.shape.dim(), key);
        return new Classifier(in, l, l.accumulatorScales());
    }

    /** Integer multiply-adds of one image. */
    long macs() {
        return head.linear().macs(1) * (headDist != null ? 2 : 1);
    }

    /** Bytes of the int8 matrices and int32 biases. */
    long weightBytes() {
        return head.linear().weightBytes() + (headDist != null ? headDist.linear().weightBytes() : 0);
    }

    /** The logits {@code [batch, classes]} of the final stream {@code x} {@code [batch, tokens, dim]}. */
    Tensor logits(int[] x, int batch, IntegerKernel kernel, IntRowParallel par) {
        boolean distilled = headDist != null;
        int classes = head.linear().out();
        int[] cls = new int[batch * dim];
        int[] dist = distilled ? new int[batch * dim] : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * tokens * dim, cls, b * dim, dim);
            if (distilled) {
                System.arraycopy(x, b * tokens * dim + dim, dist, b * dim, dim);
            }
        }
        float[] out = logits(head, cls, batch, kernel, par);
        if (distilled) {
            float[] d = logits(headDist, dist, batch, kernel, par);
            for (int i = 0; i < out.length; i++) {
                out[i] = (out[i] + d[i]) / 2;
            }
        }
        return Tensor.of(out, batch, classes);
    }

    private float[] logits(Classifier h, int[] tokensIn, int batch, IntegerKernel kernel, IntRowParallel par) {
        IntTensor normed = kernel.layerNorm(IntTensor.of(tokensIn, streamScale, batch, dim), normGamma, normBeta,
                h.in().scale(), h.in().bits());
        int classes = h.linear().out();
        int[] acc = new int[batch * classes];
        par.linear(h.linear(), normed.data(), batch, acc);
        float[] out = new float[acc.length];
        double[] s = h.accScales();
        for (int i = 0; i < acc.length; i++) {
            out[i] = (float) (acc[i] * s[i % classes]);
        }
        return out;
    }
}
