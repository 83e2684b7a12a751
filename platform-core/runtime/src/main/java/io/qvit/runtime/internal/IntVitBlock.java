package io.qvit.runtime.internal;

import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.SiteRole;

/**
 * One transformer block in integers: I-LayerNorm, {@code qkv}, {@link IntAttention}, {@code proj}
 * and the residual add, then I-LayerNorm, {@code fc1}, ShiftGELU, {@code fc2} and the residual add
 * into the next block's stream (see {@link IntegerVitGraph} for the data flow).
 */
final class IntVitBlock {
    private final String scope;
    private final String nextScope;
    private final int dim;
    private final int hidden;
    private final double[] g1;
    private final double[] b1;
    private final IntSiteScales.Activation qkvIn;
    private final IntLinear qkv;
    private final Dyadic[] qkvOut;
    private final IntAttention attention;
    private final IntLinear proj;
    private final Dyadic[] projOut;
    private final double streamIn;
    private final IntSiteScales.Activation residual;
    private final double[] g2;
    private final double[] b2;
    private final IntSiteScales.Activation fc1In;
    private final IntLinear fc1;
    private final Dyadic[] fc1Out;
    private final IntSiteScales.Activation geluIn;
    private final Dyadic geluOut;
    private final IntSiteScales.Activation fc2In;
    private final IntLinear fc2;
    private final Dyadic[] fc2Out;
    private final double streamOut;
    private final int streamOutBits;

    /**
     * The constants of block {@code scope}, whose input stream has scale {@code streamIn} and whose
     * output is {@code nextScope}'s {@code norm.input} (the final norm's for {@code ""}).
     */
    IntVitBlock(IntVitConversion cv, String scope, double streamIn, String nextScope) {
        String p = scope + ".";
        this.scope = scope;
        this.nextScope = nextScope;
        this.dim = cv.shape.dim();
        this.hidden = cv.shape.hidden();
        this.streamIn = streamIn;
        this.qkvIn = cv.act(scope, SiteRole.QKV_INPUT, 8);
        this.qkv = cv.linear(scope, SiteRole.QKV_WEIGHT, p + "attn.qkv", qkvIn, 3 * dim, dim);
        IntSiteScales.Activation q = cv.act(scope, SiteRole.ATTN_Q, 8);
        IntSiteScales.Activation k = cv.act(scope, SiteRole.ATTN_K, 8);
        IntSiteScales.Activation v = cv.act(scope, SiteRole.ATTN_V, 8);
        double[] acc = qkv.accumulatorScales();
        double[] qkvReal = new double[3 * dim];
        for (int ch = 0; ch < 3 * dim; ch++) {
            double out = ch < dim ? q.scale() : ch < 2 * dim ? k.scale() : v.scale();
            qkvReal[ch] = acc[ch] / out;
        }
        this.qkvOut = cv.record(scope + ".qkv->attn.q/k/v", qkvReal);
        this.attention = new IntAttention(cv, scope, q.scale(), k.scale(), v.scale());
        this.proj = cv.linear(scope, SiteRole.PROJ_WEIGHT, p + "attn.proj", attention.output(), dim, dim);
        this.residual = cv.act(scope, SiteRole.RESIDUAL, 24);
        this.projOut = cv.factors(scope + ".proj->residual", proj.accumulatorScales(), residual.scale());
        this.fc1In = cv.act(scope, SiteRole.FC1_INPUT, 8);
        this.fc1 = cv.linear(scope, SiteRole.FC1_WEIGHT, p + "mlp.fc1", fc1In, hidden, dim);
        this.geluIn = cv.act(scope, SiteRole.GELU_INPUT, 16);
        this.fc1Out = cv.factors(scope + ".fc1->gelu.input", fc1.accumulatorScales(), geluIn.scale());
        this.fc2In = cv.act(scope, SiteRole.FC2_INPUT, 8);
        this.geluOut = cv.dyadic(scope + ".gelu->fc2.input",
                Math.scalb(geluIn.scale(), -(IntegerVitGraph.GELU_SIGMOID_BITS - 1)) / fc2In.scale());
        this.fc2 = cv.linear(scope, SiteRole.FC2_WEIGHT, p + "mlp.fc2", fc2In, dim, hidden);
        IntSiteScales.Activation next = cv.act(nextScope, SiteRole.NORM_INPUT, 24);
        String nextSite = (nextScope.isEmpty() ? "" : nextScope + ".") + "norm.input";
        this.fc2Out = cv.factors(scope + ".fc2->" + nextSite, fc2.accumulatorScales(), next.scale());
        this.streamOut = next.scale();
        this.streamOutBits = next.bits();
        this.g1 = cv.doubles(p + "norm1.weight");
        this.b1 = cv.doubles(p + "norm1.bias");
        this.g2 = cv.doubles(p + "norm2.weight");
        this.b2 = cv.doubles(p + "norm2.bias");
    }

    /** The scale of the output stream (the next block's or the final norm's input). */
    double streamOut() {
        return streamOut;
    }

    /** Integer multiply-adds of one image of {@code tokens} tokens. */
    long macs(int tokens) {
        return qkv.macs(tokens) + proj.macs(tokens) + fc1.macs(tokens) + fc2.macs(tokens) + attention.macs();
    }

    /** Bytes of the int8 matrices and int32 biases, plus the LayerNorm constants. */
    long weightBytes() {
        return qkv.weightBytes() + proj.weightBytes() + fc1.weightBytes() + fc2.weightBytes()
                + 4L * 8 * dim; // LayerNorm constants: multiplier, bias (long) per channel, both norms
    }

    /** The output stream of the input stream {@code x} ({@code rows = batch·tokens} rows). */
    int[] forward(int[] x, int batch, int rows, IntegerKernel kernel, IntRowParallel par,
                  IntegerVitGraph.Probe probe) {
        int[] xn = par.map(x, rows, dim, t -> kernel.layerNorm(IntTensor.of(t.data(), streamIn, t.shape()),
                g1, b1, qkvIn.scale(), qkvIn.bits()));
        IntegerVitGraph.probe(probe, scope, SiteRole.QKV_INPUT, xn, qkvIn.scale());
        int[] acc = new int[rows * 3 * dim];
        par.linear(qkv, xn, rows, acc);
        int[] qkvInt = par.map(acc, rows, 3 * dim, t -> kernel.requantize(t, qkvOut, 1, 8));
        int[] ctx = attention.forward(qkvInt, batch, kernel, par);
        IntegerVitGraph.probe(probe, scope, SiteRole.PROJ_INPUT, ctx, attention.output().scale());
        int[] pacc = new int[rows * dim];
        par.linear(proj, ctx, rows, pacc);
        double res = residual.scale();
        int resBits = residual.bits();
        int[] x2 = par.map2(pacc, x, rows, dim, (branch, stream) -> kernel.add(
                kernel.requantize(branch, projOut, res, 32), IntTensor.of(stream.data(), streamIn,
                        stream.shape()), res, resBits));
        int[] xn2 = par.map(x2, rows, dim, t -> kernel.layerNorm(IntTensor.of(t.data(), res, t.shape()),
                g2, b2, fc1In.scale(), fc1In.bits()));
        IntegerVitGraph.probe(probe, scope, SiteRole.RESIDUAL, x2, res);
        IntegerVitGraph.probe(probe, scope, SiteRole.FC1_INPUT, xn2, fc1In.scale());
        int[] hacc = new int[rows * hidden];
        par.linear(fc1, xn2, rows, hacc);
        double gs = geluIn.scale();
        int[] h = par.map(hacc, rows, hidden, t -> {
            IntTensor g = kernel.requantize(t, fc1Out, gs, geluIn.bits());
            IntTensor y = kernel.gelu(g, IntegerVitGraph.GELU_SIGMOID_BITS);
            return kernel.requantize(y, new Dyadic[] {geluOut}, fc2In.scale(), fc2In.bits());
        });
        IntegerVitGraph.probe(probe, scope, SiteRole.FC2_INPUT, h, fc2In.scale());
        int[] facc = new int[rows * dim];
        par.linear(fc2, h, rows, facc);
        double out = streamOut;
        int[] next = par.map2(facc, x2, rows, dim, (branch, stream) -> kernel.add(
                kernel.requantize(branch, fc2Out, out, 32), IntTensor.of(stream.data(), res, stream.shape()),
                out, streamOutBits));
        IntegerVitGraph.probe(probe, nextScope, SiteRole.NORM_INPUT, next, out);
        return next;
    }
}
