package io.qvit.plugins.ivit;

import io.qvit.api.QvitPlugin;
import io.qvit.api.kernel.Dyadic;
import io.qvit.api.kernel.IntTensor;
import io.qvit.api.kernel.IntegerKernel;
import io.qvit.toolkit.options.OptionReader;
import org.osgi.service.component.annotations.Component;

/**
 * I-ViT's integer-only kernels as an {@link IntegerKernel} service: 31-bit dyadic
 * requantization ({@link DyadicConversion}, {@link IntRounding}), the integer residual add,
 * {@link Shiftmax} ({@code n = 15}), {@link ShiftGelu} ({@code n = 23}) and {@link ILayerNorm}.
 * Stateless and thread-safe; every call derives its integer constants from the scales before
 * its loops and then uses int/long arithmetic only.
 *
 * <p>Options ({@link #withOptions}, from {@code quantization.integer_kernel_options}; the defaults are
 * the authors' semantics, which the golden test checks):
 * <ul>
 *   <li>{@code normalization}: {@code int32} (default) or {@code int64}, see {@link Normalization};</li>
 *   <li>{@code softmax_n}, {@code gelu_n}: the shift constants (defaults 15 and 23).</li>
 * </ul>
 */
@Component(service = IntegerKernel.class)
@QvitPlugin(id = "ivit", citation = "Li and Gu, I-ViT: Integer-only Quantization for Efficient Vision Transformer Inference, ICCV 2023")
public final class IViTKernel implements IntegerKernel {
    /** Option: the normalisation of Shiftmax and ShiftGELU. */
    public static final String NORMALIZATION = "normalization";
    /** Option: Shiftmax's {@code n}. */
    public static final String SOFTMAX_N = "softmax_n";
    /** Option: ShiftGELU's {@code n}. */
    public static final String GELU_N = "gelu_n";

    private final int softmaxN;
    private final int geluN;
    private final Normalization normalization;

    /** The reference's constants: {@code n = 15} for Shiftmax, {@code n = 23} for ShiftGELU. */
    public IViTKernel() {
        this(Shiftmax.DEFAULT_N, ShiftGelu.DEFAULT_N);
    }

    /**
     * Other shift constants (I-ViT's issue #14: they may need re-tuning per model).
     *
     * @param softmaxN Shiftmax's {@code n}, 1..30
     * @param geluN ShiftGELU's {@code n}, 1..30
     */
    public IViTKernel(int softmaxN, int geluN) {
        this(softmaxN, geluN, Normalization.INT32);
    }

    /** Shift constants and a normalisation of Shiftmax and ShiftGELU. */
    public IViTKernel(int softmaxN, int geluN, Normalization normalization) {
        for (int v : new int[] {softmaxN, geluN}) {
            if (v < 1 || v > 30) {
                throw new IllegalArgumentException("shift-exp n must be in 1..30: " + v);
            }
        }
        this.softmaxN = softmaxN;
        this.geluN = geluN;
        this.normalization = java.util.Objects.requireNonNull(normalization, "normalization");
    }

    @Override
    public IntegerKernel withOptions(java.util.Map<String, Object> options) {
        if (options.isEmpty()) {
            return this;
        }
        OptionReader o = OptionReader.of(options)
                .requireKnown("the ivit kernel", java.util.Set.of(NORMALIZATION, SOFTMAX_N, GELU_N));
        Normalization norm = o.has(NORMALIZATION)
                ? Normalization.fromKey(String.valueOf(o.raw(NORMALIZATION))) : normalization;
        return new IViTKernel(o.integer(SOFTMAX_N, softmaxN, 1, 30), o.integer(GELU_N, geluN, 1, 30), norm);
    }

    /** The normalisation of Shiftmax and ShiftGELU. */
    public Normalization normalization() {
        return normalization;
    }

    @Override
    public Dyadic dyadic(double factor) {
        return DyadicConversion.toDyadic(factor);
    }

    @Override
    public IntTensor requantize(IntTensor x, Dyadic[] factors, double outputScale, int bits) {
        IntRounding.checkBits(bits, 32);
        int channels = x.dim(-1);
        if (factors.length != 1 && factors.length != channels) {
            throw new IllegalArgumentException("need 1 or " + channels + " dyadic factors, got " + factors.length);
        }
        long[] m = new long[factors.length];
        int[] e = new int[factors.length];
        for (int c = 0; c < factors.length; c++) {
            m[c] = checkedMultiplier(factors[c]);
            e[c] = factors[c].shift();
        }
        int[] in = x.data();
        int[] out = new int[in.length];
        if (factors.length == 1) {
            for (int i = 0; i < in.length; i++) {
                out[i] = IntRounding.clampSigned(IntRounding.roundShift(in[i] * m[0], e[0]), bits);
            }
        } else {
            for (int base = 0; base < in.length; base += channels) {
                for (int c = 0; c < channels; c++) {
                    out[base + c] = IntRounding.clampSigned(IntRounding.roundShift(in[base + c] * m[c], e[c]), bits);
                }
            }
        }
        return IntTensor.of(out, outputScale, x.shape());
    }

    @Override
    public IntTensor add(IntTensor a, IntTensor b, double outputScale, int bits) {
        IntRounding.checkBits(bits, 32);
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("residual add of different shapes: " + a + " and " + b);
        }
        Dyadic da = DyadicConversion.toDyadic(a.scale() / outputScale);
        Dyadic db = DyadicConversion.toDyadic(b.scale() / outputScale);
        long ma = checkedMultiplier(da);
        long mb = checkedMultiplier(db);
        int[] x = a.data();
        int[] y = b.data();
        int[] out = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            long sum = IntRounding.roundShift(x[i] * ma, da.shift()) + IntRounding.roundShift(y[i] * mb, db.shift());
            out[i] = IntRounding.clampSigned(sum, bits);
        }
        return IntTensor.of(out, outputScale, a.shape());
    }

    @Override
    public IntTensor softmax(IntTensor x, int outputBits) {
        Shiftmax op = new Shiftmax(x.scale(), outputBits, softmaxN, normalization);
        int[] out = new int[x.data().length];
        op.apply(x.data(), out, x.dim(-1));
        return IntTensor.of(out, 1.0 / (1L << (outputBits - 1)), x.shape());
    }

    @Override
    public IntTensor gelu(IntTensor x, int sigmoidBits) {
        ShiftGelu op = new ShiftGelu(x.scale(), sigmoidBits, fittingN(x.scale() * ShiftGelu.SIGMOID_SLOPE, geluN),
                normalization);
        int[] out = new int[x.data().length];
        op.apply(x.data(), out, x.dim(-1));
        return IntTensor.of(out, x.scale() / (1L << (sigmoidBits - 1)), x.shape());
    }

    @Override
    public IntTensor layerNorm(IntTensor x) {
        int[] out = new int[x.data().length];
        ILayerNorm.normalize(x.data(), out, x.dim(-1));
        return IntTensor.of(out, ILayerNorm.outputScale(x.dim(-1)), x.shape());
    }

    @Override
    public IntTensor layerNorm(IntTensor x, double[] gamma, double[] beta, double outputScale, int bits) {
        IntRounding.checkBits(bits, 32);
        int channels = x.dim(-1);
        if (gamma.length != channels) {
            throw new IllegalArgumentException("gamma has " + gamma.length + " channels, the input " + channels);
        }
        ILayerNorm.Affine affine = ILayerNorm.Affine.of(gamma, beta, outputScale);
        int[] y = new int[x.data().length];
        ILayerNorm.normalize(x.data(), y, channels);
        ILayerNorm.applyAffine(y, y, affine, bits);
        return IntTensor.of(y, outputScale, x.shape());
    }

    /**
     * The shift constant {@code n} for a shift-exponential at {@code scale}: {@code preferred}
     * (the authors' constant), or the largest smaller one with {@code |x0| * 2^n <= 2^31 - 1}
     * when the input grid is so fine (a 16-bit {@code gelu.input}, not in the authors' code) that
     * {@code preferred} would overflow int32. For the authors' 8-bit inputs it is always
     * {@code preferred}; Shiftmax's {@code n = 15} fits any input scale above {@code 2^-16}.
     */
    static int fittingN(double scale, int preferred) {
        double x0 = -Math.floor(-1.0 / scale);
        int n = preferred;
        while (n > 1 && x0 > (double) (ShiftExp.SATURATION >> n)) {
            n--;
        }
        return n;
    }

    /** The multiplier of a dyadic factor, checked to keep {@code int * multiplier} inside a long. */
    private static long checkedMultiplier(Dyadic d) {
        long m = d.multiplier();
        if (m > (1L << 31) || m < -(1L << 31)) {
            throw new IllegalArgumentException("dyadic multiplier " + m + " exceeds 31 bits (|m| <= 2^31): " + d);
        }
        return m;
    }
}
