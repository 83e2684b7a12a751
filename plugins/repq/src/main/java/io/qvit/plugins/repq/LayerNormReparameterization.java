package io.qvit.plugins.repq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.LayerScaleRule;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.facts.GridFacts;
import io.qvit.toolkit.facts.PluginIds;
import io.qvit.toolkit.layout.NormLinearPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code repq.layernorm}: RepQ-ViT's scale reparameterization (paper §3.2; reference
 * {@code test_quant.py}, "Scale reparameterization"), phase {@link ReparameterizationPhase#AFTER_CALIBRATION}.
 *
 * <p>For every post-LayerNorm site of the context ({@code qkv.input}, {@code fc1.input},
 * {@code reduction.input}; pairs in {@link NormLinearPair}) whose fitted quantizer is per channel:
 * with {@code r}, {@code b}, s̃, z̃ from {@link ChannelRescaling},
 * <pre>
 *   LayerNorm:  γ'_c = γ_c / r_c,   β'_c = β_c / r_c − b_c
 *   next layer: W'[:, c] = W[:, c]·r_c,   bias' = bias + W'·b      (a bias is created if absent)
 * </pre>
 * which leaves the float function unchanged ({@code W'(y/r − b) + bias + W'b = Wy + bias}); then
 * the site's quantizer is replaced by the per-tensor {@link FixedUniformQuantizer} (s̃, z̃), with the
 * bits and code range ({@code extra.qmin}, {@code extra.qmax}; default {@code [0, 2^b − 1]}) of the
 * replaced one, and {@link ReparameterizationContext#refit} is called for the linear layer's weight
 * site (when it is quantized) so its quantizer is fitted again on W'.
 *
 * <p>s̃ and z̃ are the means of the channels' values unless the context supplies a
 * {@link LayerScaleRule} ({@link ReparameterizationContext#layerScaleRule()}; DopQ-ViT's
 * {@code dopq.mosf} composes this reparameterization with its median and MAD rules that way); the
 * rule's name is then reported in the replacement quantizer's {@code extra.layer_scale_rule}.
 *
 * <p><b>Skipped pairs</b> (left exactly as they were, quantizer included): a site that is not
 * quantized, whose quantizer is not per channel (then there is nothing to fold: RepQ's
 * reparameterization exists to turn per-channel into per-tensor), whose quantizer is not fitted,
 * or whose channels are all degenerate (see {@link ChannelRescaling}).
 *
 * <p><b>What the platform does around it.</b> Calibrate with the plan (first pass), call
 * {@link #apply} with a context whose {@code quantizer(site)} returns the fitted quantizers, rebuild
 * the model from the returned weights, re-create and fit the weight quantizers of the sites passed
 * to {@code refit} on the new weights, keep the replaced activation quantizers (they are fitted and
 * ignore {@code observe}/{@code fit}), then evaluate (or re-calibrate the remaining unfitted sites).
 * Swin's {@code reduction} has no bias: the returned model then holds a new
 * {@code layers.S.downsample.reduction.bias}, which the runtime accepts.
 */
@Component(service = Reparameterization.class)
@QvitPlugin(id = LayerNormReparameterization.ID, citation = "Li, Xiao, Liu, Zhang, Gu: RepQ-ViT, ICCV 2023")
public final class LayerNormReparameterization implements Reparameterization {
    /** The plugin id. */
    public static final String ID = PluginIds.REPQ_LAYERNORM;

    /** Creates the reparameterization (Declarative Services calls this; so may anyone else). */
    public LayerNormReparameterization() {
    }

    /** {@link ReparameterizationPhase#AFTER_CALIBRATION}: it needs the fitted per-channel quantizers. */
    @Override
    public ReparameterizationPhase phase() {
        return ReparameterizationPhase.AFTER_CALIBRATION;
    }

    /**
     * Rewrites every LayerNorm/linear pair whose post-LayerNorm quantizer is per channel.
     *
     * @throws IllegalArgumentException naming the site or tensor when a tensor is missing or has an
     *     unexpected shape
     */
    @Override
    public VisionModel apply(VisionModel model, ReparameterizationContext context) {
        Map<String, Tensor> weights = new LinkedHashMap<>(model.weights());
        for (QuantSite site : context.sites()) {
            Optional<NormLinearPair> pair = NormLinearPair.at(site);
            if (pair.isEmpty()) {
                continue;
            }
            Optional<TensorQuantizer> quantizer = context.quantizer(site);
            if (quantizer.isEmpty() || !quantizer.get().fitted()) {
                continue;
            }
            QuantParams params = quantizer.get().params();
            if (params.granularity() != Granularity.PER_CHANNEL) {
                continue;
            }
            rewrite(model, weights, pair.get(), quantizer.get(), params, context);
        }
        return model.withWeights(weights);
    }

    private static void rewrite(VisionModel model, Map<String, Tensor> weights, NormLinearPair pair,
                                TensorQuantizer quantizer, QuantParams params, ReparameterizationContext context) {
        String id = pair.input().id();
        float[] gamma = vector(model, pair.norm() + ".weight", id);
        float[] beta = vector(model, pair.norm() + ".bias", id);
        if (gamma.length != beta.length) {
            throw new IllegalArgumentException("site " + id + ": " + pair.norm() + ".weight has " + gamma.length
                    + " values, " + pair.norm() + ".bias " + beta.length);
        }
        LayerScaleRule rule = context.layerScaleRule().orElse(null);
        ChannelRescaling k = ChannelRescaling.of(params, gamma, beta, id, rule);
        if (k == null) {
            return;
        }
        int channels = gamma.length;
        Tensor w = model.weight(pair.linear() + ".weight");
        if (w.rank() != 2 || w.dim(1) != channels) {
            throw new IllegalArgumentException("site " + id + ": " + pair.linear() + ".weight has shape "
                    + Arrays.toString(w.shape()) + ", expected [out, " + channels + "]");
        }
        int out = w.dim(0);
        String biasKey = pair.linear() + ".bias";
        Tensor bias = model.weights().get(biasKey);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("site " + id + ": " + biasKey + " has shape "
                    + Arrays.toString(bias.shape()) + ", expected [" + out + "]");
        }

        float[] g2 = new float[channels];
        float[] b2 = new float[channels];
        for (int c = 0; c < channels; c++) {
            g2[c] = gamma[c] / k.r()[c];
            b2[c] = beta[c] / k.r()[c] - k.b()[c];
        }
        float[] wd = w.data();
        float[] w2 = new float[wd.length];
        float[] bias2 = new float[out];
        for (int o = 0; o < out; o++) {
            int row = o * channels;
            double acc = bias == null ? 0 : bias.data()[o];
            for (int c = 0; c < channels; c++) {
                float v = wd[row + c] * k.r()[c];
                w2[row + c] = v;
                acc += (double) v * k.b()[c];
            }
            bias2[o] = (float) acc;
        }
        weights.put(pair.norm() + ".weight", Tensor.of(g2, channels));
        weights.put(pair.norm() + ".bias", Tensor.of(b2, channels));
        weights.put(pair.linear() + ".weight", Tensor.of(w2, out, channels));
        weights.put(biasKey, Tensor.of(bias2, out));

        int qmin = GridFacts.qmin(params);
        int qmax = GridFacts.qmax(params);
        CalibrationParadigm paradigm = quantizer.paradigm();
        FixedUniformQuantizer replacement = rule == null
                ? new FixedUniformQuantizer(pair.input(), params.bits(), k.scale(), k.zeroPoint(), qmin, qmax, paradigm,
                        k.excluded())
                : new FixedUniformQuantizer(pair.input(), params.bits(), k.scale(), k.zeroPoint(), qmin, qmax, paradigm,
                        k.excluded(), rule.name());
        context.replaceQuantizer(pair.input(), replacement);
        if (context.quantizer(pair.weight()).isPresent()) {
            context.refit(pair.weight());
        }
    }

    private static float[] vector(VisionModel model, String key, String site) {
        Tensor t = model.weights().get(key);
        if (t == null) {
            throw new IllegalArgumentException("site " + site + ": the model has no tensor '" + key + "'");
        }
        if (t.rank() != 1) {
            throw new IllegalArgumentException("site " + site + ": " + key + " has shape "
                    + Arrays.toString(t.shape()) + ", expected a vector");
        }
        return t.data();
    }
}
