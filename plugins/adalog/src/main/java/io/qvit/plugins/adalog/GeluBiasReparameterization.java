package io.qvit.plugins.adalog;

import io.qvit.api.QvitPlugin;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.api.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;

/**
 * {@code adalog.gelu-bias}: AdaLog's post-GELU bias reparameterization (reference
 * {@code PostGeluLogBasedBatchingQuantLinear.reparam_bias}), phase
 * {@link ReparameterizationPhase#AFTER_CALIBRATION}. For every {@code fc2.input} site quantized by
 * an {@code adalog} quantizer with offset {@code c ≠ 0} (which computes {@code Q(x + c) − c}):
 * <pre>
 *   fc2.bias' = fc2.bias − W·(c·1)          (W the float fc2 weight)
 *   quantizer ← the same quantizer with the offset folded: Q(x + c)
 * </pre>
 * so inference multiplies the non-negative codes directly. With the offset applied at the site
 * ({@code x → x + c}) the rewritten model computes the original float function (tested to 1e-5).
 * The reference folds {@code Ŵ·c} with the quantized weight, which makes the folded model equal to
 * the simulated one; folding the float W keeps the float function and differs from the simulation
 * by {@code (W − Ŵ)·c} per output. Note that the platform's float reference of the run (site
 * analysis, sensitivity) is the rewritten model without the offset, whose fc2 outputs are shifted
 * by {@code −W·c}: list this reparameterization to evaluate the deployment form, not for analysis.
 */
@Component(service = Reparameterization.class)
@QvitPlugin(id = GeluBiasReparameterization.ID, citation = "Wu, Zhang, Ding, Lin, Li, Zhang: AdaLog, ECCV 2024")
public final class GeluBiasReparameterization implements Reparameterization {
    /** The plugin id. */
    public static final String ID = "adalog.gelu-bias";

    /** Creates the reparameterization (Declarative Services calls this; so may anyone else). */
    public GeluBiasReparameterization() {
    }

    @Override
    public ReparameterizationPhase phase() {
        return ReparameterizationPhase.AFTER_CALIBRATION;
    }

    /**
     * Folds every eligible offset.
     *
     * @throws IllegalArgumentException naming the tensor when fc2's weight or bias is missing or misshapen
     */
    @Override
    public VisionModel apply(VisionModel model, ReparameterizationContext context) {
        Map<String, Tensor> weights = new LinkedHashMap<>(model.weights());
        for (QuantSite site : context.sites()) {
            if (site.role() != SiteRole.FC2_INPUT) {
                continue;
            }
            Optional<TensorQuantizer> q = context.quantizer(site);
            if (q.isEmpty() || !(q.get() instanceof AdaLogTensorQuantizer a) || !a.fitted() || a.isFolded()
                    || a.shift() == 0) {
                continue;
            }
            String prefix = (site.scope().isEmpty() ? "" : site.scope() + ".") + "mlp.fc2.";
            Tensor w = model.weight(prefix + "weight");
            if (w.rank() != 2) {
                throw new IllegalArgumentException("site " + site.id() + ": " + prefix + "weight has shape "
                        + Arrays.toString(w.shape()) + ", expected [out, in]");
            }
            int out = w.dim(0);
            int in = w.dim(1);
            Tensor bias = model.weights().get(prefix + "bias");
            if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
                throw new IllegalArgumentException("site " + site.id() + ": " + prefix + "bias has shape "
                        + Arrays.toString(bias.shape()) + ", expected [" + out + "]");
            }
            double c = a.shift();
            float[] b2 = new float[out];
            for (int o = 0; o < out; o++) {
                double acc = 0;
                for (int i = 0; i < in; i++) {
                    acc += w.data()[o * in + i];
                }
                b2[o] = (float) ((bias == null ? 0 : bias.data()[o]) - c * acc);
            }
            weights.put(prefix + "bias", Tensor.of(b2, out));
            context.replaceQuantizer(site, a.folded());
        }
        return model.withWeights(weights);
    }
}
