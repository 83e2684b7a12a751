package io.qvit.engine.quant;

import io.qvit.api.quant.LayerFitted;
import io.qvit.api.quant.LayerView;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The layer-output fitting step (see {@link LayerFitted}): one float forward pass over the
 * calibration images in which, as soon as both operands of a linear layer or an attention matmul
 * are known, one {@link LayerFitted} operand quantizer (the left one if it is, else the right one)
 * is handed a {@link LayerView} of the layer. Afterwards every quantized weight is re-quantized
 * from the float weights with its (possibly re-fitted) quantizer. Does nothing, and returns its
 * argument, when no quantizer implements {@link LayerFitted}.
 *
 * <p>Layers: every {@code X.input} site with a {@code X.weight} site in the same scope except the
 * patch embedding (a convolution), {@code attn.q·attn.kᵀ} and {@code attn.probs·attn.v}. At most
 * one block's operands are held at a time.
 */
public final class LayerFitting {
    private LayerFitting() {
    }

    /**
     * Runs the step.
     *
     * @param floatModel the float model {@code quantized} was calibrated from (after reparameterizations)
     * @param quantized the calibrated model
     * @param images the calibration images
     * @param seed the experiment's seed, from which each layer's {@link LayerView#seed()} derives
     * @return {@code quantized} when nothing implements {@link LayerFitted}, else the model with
     *     re-quantized weights and the same quantizer objects
     */
    public static QuantizedModel fit(CompiledModel floatModel, QuantizedModel quantized, Tensor images, long seed) {
        Map<QuantSite, TensorQuantizer> weights = quantized.weightQuantizers();
        Map<QuantSite, TensorQuantizer> activations = quantized.activationQuantizers();
        boolean any = weights.values().stream().anyMatch(q -> q instanceof LayerFitted)
                || activations.values().stream().anyMatch(q -> q instanceof LayerFitted);
        if (!any) {
            return quantized;
        }
        Map<QuantSite, WeightSite> weightSites = new HashMap<>();
        for (WeightSite ws : floatModel.weightSites()) {
            weightSites.put(ws.site(), ws);
        }
        Map<QuantSite, Tensor> pending = new HashMap<>();
        floatModel.forward(images, (site, x) -> {
            SiteRole role = site.role();
            if (role == SiteRole.ATTN_Q || role == SiteRole.ATTN_V) {
                pending.put(site, x.copy());
            } else if (role == SiteRole.ATTN_K || role == SiteRole.ATTN_PROBS) {
                QuantSite left = role == SiteRole.ATTN_K ? new QuantSite(site.scope(), SiteRole.ATTN_Q) : site;
                QuantSite right = role == SiteRole.ATTN_K ? site : new QuantSite(site.scope(), SiteRole.ATTN_V);
                Tensor l = role == SiteRole.ATTN_K ? pending.remove(left) : x;
                Tensor r = role == SiteRole.ATTN_K ? x : pending.remove(right);
                if (l != null && r != null) {
                    run(view(left, right, l, r, role == SiteRole.ATTN_K, null, weights, activations, seed));
                }
            } else if (role.key().endsWith(".input") && role != SiteRole.PATCH_EMBED_INPUT) {
                String layer = role.key().substring(0, role.key().length() - ".input".length());
                QuantSite wsite = weightSite(site.scope(), layer);
                WeightSite ws = wsite == null ? null : weightSites.get(wsite);
                if (ws != null) {
                    String biasKey = ws.key().substring(0, ws.key().length() - "weight".length()) + "bias";
                    Tensor bias = floatModel.model().weights().get(biasKey);
                    run(view(site, wsite, x, floatModel.model().weight(ws.key()), true, bias, weights, activations, seed));
                }
            }
            return x;
        });
        Map<String, Tensor> replaced = new LinkedHashMap<>();
        for (WeightSite ws : floatModel.weightSites()) {
            TensorQuantizer q = weights.get(ws.site());
            if (q != null) {
                Tensor w = floatModel.model().weight(ws.key());
                try {
                    replaced.put(ws.key(), q.quantize(w));
                } catch (RuntimeException e) {
                    throw new QuantizationException("site " + ws.site() + ": " + e, e);
                }
            }
        }
        return new QuantizedModel(floatModel.withWeights(replaced), quantized.plan(), weights, activations);
    }

    private static QuantSite weightSite(String scope, String layer) {
        for (SiteRole r : SiteRole.values()) {
            if (r.key().equals(layer + ".weight")) {
                return new QuantSite(scope, r);
            }
        }
        return null;
    }

    private static Layer view(QuantSite left, QuantSite right, Tensor l, Tensor r, boolean transposed, Tensor bias,
                              Map<QuantSite, TensorQuantizer> weights, Map<QuantSite, TensorQuantizer> activations,
                              long seed) {
        Map<QuantSite, TensorQuantizer> quantizers = new HashMap<>();
        for (QuantSite s : new QuantSite[] {left, right}) {
            TensorQuantizer q = (s.role().isWeight() ? weights : activations).get(s);
            if (q != null) {
                quantizers.put(s, q);
            }
        }
        QuantSite fitted = quantizers.get(left) instanceof LayerFitted ? left
                : quantizers.get(right) instanceof LayerFitted ? right : null;
        return new Layer(fitted, left, right, l, r, transposed, Optional.ofNullable(bias), quantizers,
                Seeds.derive(seed, left.id()));
    }

    private static void run(Layer layer) {
        if (layer.site() == null) {
            return;
        }
        TensorQuantizer q = layer.quantizers.get(layer.site());
        try {
            ((LayerFitted) q).fit(layer);
        } catch (QuantizationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QuantizationException("site " + layer.site() + " (layer fitting): " + e, e);
        }
    }

    /** The engine's {@link LayerView}. */
    private record Layer(QuantSite site, QuantSite leftSite, QuantSite rightSite, Tensor left, Tensor right,
                         boolean rightTransposed, Optional<Tensor> bias, Map<QuantSite, TensorQuantizer> quantizers,
                         long seed)
            implements LayerView {
        @Override
        public Optional<TensorQuantizer> quantizer(QuantSite s) {
            return Optional.ofNullable(quantizers.get(s));
        }
    }
}
