package io.qvit.plugins.mptq;

import io.qvit.api.QvitPlugin;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import io.qvit.toolkit.layout.NormLinearPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code mptq.sqb}: MPTQ-ViT's SmoothQuant with a bias term, as reconstructed (PAPERS §2.2),
 * phase {@link ReparameterizationPhase#AFTER_CALIBRATION}. For every post-LayerNorm site
 * ({@link NormLinearPair}) whose fitted quantizer is per channel, with the factors of
 * {@link SqbFactors} (α = {@value #ALPHA}):
 *
 * <pre>
 *   LayerNorm:  γ'_c = γ_c / sq_c,   β'_c = (β_c − z_c) / sq_c         (it outputs X' = (X − z)/sq)
 *   next layer: W'[:, c] = W[:, c]·sq_c,   bias' = bias + W·z          (a bias is created if absent)
 * </pre>
 *
 * which keeps the float function ({@code W'X' + bias' = W(X − z) + Wz + bias}). The site's
 * quantizer becomes a per-tensor symmetric one on X' (an {@code mptq.optm} grid with ratio 1:
 * step {@code 2·range/(2^b − 1)}, codes −2^(b−1)..2^(b−1)−1), whose step the layer-output search
 * then refines, and the linear layer's weight quantizer is re-fitted on W'. Sites that are not
 * quantized, not per channel, or not fitted are left as they are.
 */
@Component(service = Reparameterization.class)
@QvitPlugin(id = SmoothQuantBias.ID, citation = "Tai, Wu: MPTQ-ViT, arXiv 2401.14895 (reconstruction)")
public final class SmoothQuantBias implements Reparameterization {
    /** The plugin id. */
    public static final String ID = "mptq.sqb";
    /** SmoothQuant's migration strength: the share of the centred activation range moved into the weights. */
    public static final double ALPHA = 0.5;

    /** Creates the reparameterization (Declarative Services calls this; so may anyone else). */
    public SmoothQuantBias() {
    }

    /** After calibration: the factors come from the fitted per-channel ranges. */
    @Override
    public ReparameterizationPhase phase() {
        return ReparameterizationPhase.AFTER_CALIBRATION;
    }

    @Override
    public VisionModel apply(VisionModel model, ReparameterizationContext context) {
        Map<String, Tensor> weights = new LinkedHashMap<>(model.weights());
        for (QuantSite site : context.sites()) {
            Optional<NormLinearPair> pair = NormLinearPair.at(site);
            Optional<TensorQuantizer> q = context.quantizer(site);
            if (pair.isEmpty() || q.isEmpty() || !q.get().fitted()
                    || q.get().params().granularity() != Granularity.PER_CHANNEL) {
                continue;
            }
            rewrite(model, weights, pair.get(), q.get(), context);
        }
        return model.withWeights(weights);
    }

    private static void rewrite(VisionModel model, Map<String, Tensor> weights, NormLinearPair pair,
                                TensorQuantizer quantizer, ReparameterizationContext context) {
        String id = pair.input().id();
        float[] gamma = vector(model, pair.norm() + ".weight", id);
        float[] beta = vector(model, pair.norm() + ".bias", id);
        int channels = gamma.length;
        Tensor w = model.weight(pair.linear() + ".weight");
        if (w == null || w.rank() != 2 || w.dim(1) != channels || beta.length != channels) {
            throw new IllegalArgumentException("site " + id + ": " + pair.linear() + ".weight has shape "
                    + (w == null ? "none" : Arrays.toString(w.shape())) + ", expected [out, " + channels + "]");
        }
        int out = w.dim(0);
        String biasKey = pair.linear() + ".bias";
        Tensor bias = model.weights().get(biasKey);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("site " + id + ": " + biasKey + " has shape "
                    + Arrays.toString(bias.shape()) + ", expected [" + out + "]");
        }
        QuantParams params = quantizer.params();
        float[] wd = w.data();
        SqbFactors f = SqbFactors.of(params, gamma, beta, wd, out, ALPHA, id);
        float[] g2 = new float[channels];
        float[] b2 = new float[channels];
        for (int c = 0; c < channels; c++) {
            g2[c] = gamma[c] / f.sq()[c];
            b2[c] = (beta[c] - f.z()[c]) / f.sq()[c];
        }
        float[] w2 = new float[wd.length];
        float[] bias2 = new float[out];
        for (int o = 0; o < out; o++) {
            double acc = bias == null ? 0 : bias.data()[o];
            for (int c = 0; c < channels; c++) {
                w2[o * channels + c] = wd[o * channels + c] * f.sq()[c];
                acc += (double) wd[o * channels + c] * f.z()[c];
            }
            bias2[o] = (float) acc;
        }
        weights.put(pair.norm() + ".weight", Tensor.of(g2, channels));
        weights.put(pair.norm() + ".bias", Tensor.of(b2, channels));
        weights.put(pair.linear() + ".weight", Tensor.of(w2, out, channels));
        weights.put(biasKey, Tensor.of(bias2, out));
        int bits = params.bits();
        float step = f.range() > 0 ? 2 * f.range() / ((1 << bits) - 1) : 1f;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("sqb_alpha", ALPHA);
        facts.put("sqb_range", f.range());
        facts.put("sqb_degenerate_channels", f.degenerate());
        context.replaceQuantizer(pair.input(), OptmTensorQuantizer.fixed(pair.input(), new TwinGrid(bits, step, 0),
                new OptmOptions(0, 16, 256, quantizer.paradigm()), facts));
        if (context.quantizer(pair.weight()).isPresent()) {
            context.refit(pair.weight());
        }
    }

    private static float[] vector(VisionModel model, String key, String site) {
        Tensor t = model.weights().get(key);
        if (t == null || t.rank() != 1) {
            throw new IllegalArgumentException("site " + site + ": the model has no vector '" + key + "'");
        }
        return t.data();
    }
}
