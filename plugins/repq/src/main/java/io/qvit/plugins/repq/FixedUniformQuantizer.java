package io.qvit.plugins.repq;

import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.facts.GridFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-tensor asymmetric uniform quantizer with fixed parameters: the quantizer
 * {@link LayerNormReparameterization} puts at a post-LayerNorm site in place of the per-channel
 * one. Arithmetic in float32 exactly as RepQ-ViT's {@code UniformQuantizer.forward}:
 * {@code q = clamp(round(x/s) + z, qmin, qmax)} (round half to even), {@code x̂ = (q − z)·s}. The
 * zero point is the mean of the per-channel zero points and is <em>not</em> rounded (as in the
 * reference), so the values are {@code k·s} for integers {@code k} in {@code [qmin − z, qmax − z]}
 * except that a clamped value sits at {@code (qmax − z)·s} or {@code (qmin − z)·s}.
 *
 * <p>It is fitted from construction: {@link #observe} and {@link #fit} do nothing (the parameters
 * came from the first calibration pass, and a re-calibration must keep them).
 *
 * <p>{@link #params()}: {@code scale} [s], {@code zeroPoint} [z]; {@code extra}: {@code symmetric}
 * (false), {@code init} ({@code repq.layernorm}), {@code qmin}, {@code qmax},
 * {@code zero_point_rounded} (false), {@code excluded_channels} (the channels left out of the means,
 * see {@link LayerNormReparameterization}).
 */
public final class FixedUniformQuantizer implements TensorQuantizer {
    private final QuantSite site;
    private final int bits;
    private final float scale;
    private final float zeroPoint;
    private final float qmin;
    private final float qmax;
    private final CalibrationParadigm paradigm;
    private final QuantParams params;

    /**
     * Creates the quantizer.
     *
     * @param site where it quantizes
     * @param bits bit-width (for reports; the codes are {@code [qmin, qmax]})
     * @param scale the step s, finite and positive
     * @param zeroPoint the zero point z, finite (not necessarily an integer)
     * @param qmin smallest code
     * @param qmax largest code
     * @param paradigm what the replaced quantizer reported
     * @param excludedChannels channels left out of the means (reported in {@code extra})
     * @throws IllegalArgumentException naming the site when a value is invalid
     */
    public FixedUniformQuantizer(QuantSite site, int bits, float scale, float zeroPoint, int qmin, int qmax,
                                 CalibrationParadigm paradigm, List<Integer> excludedChannels) {
        this(site, bits, scale, zeroPoint, qmin, qmax, paradigm, excludedChannels, null);
    }

    /**
     * Creates the quantizer, recording the rule that chose (s, z) in {@code extra.layer_scale_rule}.
     *
     * @param layerScaleRule the rule's name, or null (the means; not reported)
     * @throws IllegalArgumentException naming the site when a value is invalid
     */
    public FixedUniformQuantizer(QuantSite site, int bits, float scale, float zeroPoint, int qmin, int qmax,
                                 CalibrationParadigm paradigm, List<Integer> excludedChannels, String layerScaleRule) {
        if (!(scale > 0) || Float.isInfinite(scale) || !Float.isFinite(zeroPoint) || qmin >= qmax) {
            throw new IllegalArgumentException("site " + site.id() + ": invalid per-tensor parameters scale " + scale
                    + ", zero point " + zeroPoint + ", codes " + qmin + ".." + qmax);
        }
        this.site = site;
        this.bits = bits;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.qmin = qmin;
        this.qmax = qmax;
        this.paradigm = paradigm;
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("symmetric", false);
        extra.put("init", LayerNormReparameterization.ID);
        GridFacts.putRange(extra, qmin, qmax);
        extra.put("zero_point_rounded", false);
        extra.put("excluded_channels", List.copyOf(excludedChannels));
        if (layerScaleRule != null) {
            extra.put("layer_scale_rule", layerScaleRule);
        }
        this.params = new QuantParams(bits, Granularity.PER_TENSOR, Tensor.of(new float[] {scale}, 1),
                Tensor.of(new float[] {zeroPoint}, 1), extra);
    }

    /** The site this quantizer serves. */
    public QuantSite site() {
        return site;
    }

    @Override
    public CalibrationParadigm paradigm() {
        return paradigm;
    }

    /** Does nothing: the parameters are fixed. */
    @Override
    public void observe(Tensor tensor) {
    }

    /** Does nothing: the parameters are fixed. */
    @Override
    public void fit() {
    }

    /** Always true. */
    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        float[] in = tensor.data();
        float[] out = new float[in.length];
        final float s = scale;
        final float z = zeroPoint;
        final float lo = qmin;
        final float hi = qmax;
        for (int i = 0; i < in.length; i++) {
            float q = (float) Math.rint(in[i] / s) + z;
            q = q < lo ? lo : q;
            q = q > hi ? hi : q;
            out[i] = (q - z) * s;
        }
        return Tensor.of(out, tensor.shape());
    }

    @Override
    public QuantParams params() {
        return params;
    }

    @Override
    public String toString() {
        return "repq per-tensor[" + site.id() + ", " + bits + " bit, s = " + scale + ", z = " + zeroPoint + "]";
    }
}
