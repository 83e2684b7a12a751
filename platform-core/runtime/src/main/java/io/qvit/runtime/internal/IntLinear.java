package io.qvit.runtime.internal;

import static io.qvit.runtime.internal.PackedInt8.NR;

/**
 * An integer fully connected layer {@code acc = x_int · W_intᵀ + b_int}: symmetric int8 weights
 * (one scale per output channel), an int32 bias at scale {@code s_w[c]·s_x}, int32 accumulators at
 * that same per-channel scale. Built once at conversion; the forward pass is integer-only and runs
 * in parallel over row blocks (and panel groups when there are few rows), like {@link Linear}.
 */
public final class IntLinear {
    private final PackedInt8 weight;
    private final int[] bias;
    private final double[] accScales;
    private final int in;
    private final int out;

    /**
     * Quantizes a float layer: {@code W_int[c][i] = clamp(rint(W[c][i] / wScale[c]), weightBits)},
     * {@code b_int[c] = rint(b[c] / (wScale[c]·inputScale))}.
     *
     * @param weight float weight {@code [out x in]} (PyTorch layout; fake-quantized weights come back exactly)
     * @param bias float bias (length {@code out}) or null
     * @param wScale per-output-channel weight scales (length {@code out}, or 1 for per-tensor)
     * @param weightBits 2..8
     * @param inputScale the scale of the int8 input
     * @param maxAbsInput the largest |input integer| (for the overflow check)
     * @param name the layer, for error messages
     */
    public IntLinear(float[] weight, float[] bias, double[] wScale, int weightBits, double inputScale,
                     long maxAbsInput, int out, int in, String name) {
        this.in = in;
        this.out = out;
        int[] w = weightCodes(weight, wScale, weightBits, out, in, name);
        this.accScales = accumulatorScales(wScale, inputScale, out);
        this.bias = new int[PackedInt8.panels(out) * NR];
        long maxBias = 0;
        if (bias != null) {
            int[] b = biasCodes(bias, accScales, name);
            System.arraycopy(b, 0, this.bias, 0, out);
            for (int v : b) {
                maxBias = Math.max(maxBias, Math.abs((long) v));
            }
        }
        IntGemm.checkRange(name, in, maxAbsInput, maxBias);
        this.weight = PackedInt8.ofTransposed(w, 0, in, out, in);
    }

    /**
     * The integer weight {@code W_int[c][i] = clamp(rint(W[c][i] / wScale[c]), weightBits)}
     * ({@code [out x in]}), as this layer and the integer graph's float simulation use it.
     *
     * @throws IllegalArgumentException naming {@code name} for a bad bit-width or scale
     */
    public static int[] weightCodes(float[] weight, double[] wScale, int weightBits, int out, int in, String name) {
        if (weightBits < 2 || weightBits > 8) {
            throw new IllegalArgumentException(name + ": integer path needs 2..8-bit weights, got " + weightBits);
        }
        if (wScale.length != out && wScale.length != 1) {
            throw new IllegalArgumentException(name + ": " + wScale.length + " weight scales for " + out + " channels");
        }
        int qmax = (1 << (weightBits - 1)) - 1;
        int qmin = -(1 << (weightBits - 1));
        int[] w = new int[out * in];
        for (int c = 0; c < out; c++) {
            double s = wScale.length == 1 ? wScale[0] : wScale[c];
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException(name + ": weight scale of channel " + c + " is " + s);
            }
            for (int i = 0; i < in; i++) {
                w[c * in + i] = (int) Math.max(qmin, Math.min(qmax, Math.rint(weight[c * in + i] / s)));
            }
        }
        return w;
    }

    /** {@code s_w[c]·s_x} per output channel. */
    public static double[] accumulatorScales(double[] wScale, double inputScale, int out) {
        double[] r = new double[out];
        for (int c = 0; c < out; c++) {
            r[c] = (wScale.length == 1 ? wScale[0] : wScale[c]) * inputScale;
        }
        return r;
    }

    /**
     * The int32 bias {@code b_int[c] = rint(b[c] / accScales[c])}.
     *
     * @throws IllegalArgumentException naming {@code name} when a bias does not fit
     */
    public static int[] biasCodes(float[] bias, double[] accScales, String name) {
        int[] r = new int[accScales.length];
        for (int c = 0; c < r.length; c++) {
            double b = Math.rint(bias[c] / accScales[c]);
            if (Math.abs(b) > 1 << 30) {
                throw new IllegalArgumentException(name + ": bias of channel " + c + " does not fit int32 at scale "
                        + accScales[c]);
            }
            r[c] = (int) b;
        }
        return r;
    }

    /** Input features. */
    public int in() {
        return in;
    }

    /** Output features. */
    public int out() {
        return out;
    }

    /** The real value of one accumulator unit per output channel: {@code s_w[c]·s_x}. */
    public double[] accumulatorScales() {
        return accScales.clone();
    }

    /** The int32 bias (unpadded copy). */
    public int[] bias() {
        return java.util.Arrays.copyOf(bias, out);
    }

    /** Bytes of the int8 weight and the int32 bias (padding excluded). */
    public long weightBytes() {
        return (long) out * in + 4L * out;
    }

    /** Multiply-adds for {@code rows} rows. */
    public long macs(long rows) {
        return rows * in * out;
    }

    /** {@code y[i*out ...] = x[i*in ...] · W_intᵀ + b_int} for {@code rows} rows. */
    public void forward(int[] x, int rows, int[] y, WorkerPool pool, int[][] tiles) {
        ProductTasks.run(pool, rows, PackedInt8.panels(out), (r0, r1, p0, p1, worker) ->
                IntGemm.multiply(x, 0, in, r0, r1, weight, p0, p1, bias, y, 0, out, tiles[worker]));
    }
}
