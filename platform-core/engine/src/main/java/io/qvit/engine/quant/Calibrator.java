package io.qvit.engine.quant;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.CalibrationParadigm;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.Quantizer;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.tensor.Tensor;
import io.qvit.engine.plugins.PluginCatalog;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a float model and a plan into a {@link QuantizedModel}: creates each site's quantizer from
 * its plugin, fits weight quantizers on the weights, then runs the calibration images through the
 * model and hands every activation quantizer the tensors at its site, in the paradigm it asks for:
 * {@link CalibrationParadigm#PARALLEL} quantizers see the float model's activations;
 * {@link CalibrationParadigm#SEQUENTIAL} ones see the activations of the model whose weights and
 * preceding sites are already quantized (one pass, each site fitted as the pass reaches it).
 *
 * <p>A plugin that throws is reported with its id and the site, never swallowed.
 */
public final class Calibrator {
    private final PluginCatalog plugins;

    /** A calibrator that takes quantizers from {@code plugins}. */
    public Calibrator(PluginCatalog plugins) {
        this.plugins = plugins;
    }

    /**
     * Calibrates.
     *
     * @param model the float model
     * @param plan one entry per site of {@code model.sites()}
     * @param calibration the calibration images as one batch {@code [N, C, H, W]}
     * @throws QuantizationException naming the site and plugin when a plugin is missing or fails
     */
    public QuantizedModel calibrate(CompiledModel model, List<SitePlan> plan, Tensor calibration) {
        Map<QuantSite, TensorQuantizer> weights = new LinkedHashMap<>();
        Map<QuantSite, TensorQuantizer> activations = new LinkedHashMap<>();
        for (SitePlan p : plan) {
            if (p.enabled()) {
                (p.site().role().isWeight() ? weights : activations).put(p.site(), create(p));
            }
        }
        Map<String, Tensor> replaced = new LinkedHashMap<>();
        for (WeightSite ws : model.weightSites()) {
            TensorQuantizer q = weights.get(ws.site());
            if (q != null) {
                Tensor w = model.model().weight(ws.key());
                guard(ws.site(), () -> {
                    q.observe(w);
                    q.fit();
                    replaced.put(ws.key(), q.quantize(w));
                    return null;
                });
            }
        }
        CompiledModel quantizedWeights = model.withWeights(replaced);

        boolean anyParallel = activations.values().stream().anyMatch(q -> q.paradigm() == CalibrationParadigm.PARALLEL);
        boolean anySequential = activations.values().stream().anyMatch(q -> q.paradigm() == CalibrationParadigm.SEQUENTIAL);
        if (anyParallel) {
            model.forward(calibration, (site, x) -> {
                TensorQuantizer q = activations.get(site);
                if (q != null && q.paradigm() == CalibrationParadigm.PARALLEL) {
                    guard(site, () -> {
                        q.observe(x);
                        return null;
                    });
                }
                return x;
            });
            activations.forEach((site, q) -> {
                if (q.paradigm() == CalibrationParadigm.PARALLEL) {
                    guard(site, () -> {
                        q.fit();
                        return null;
                    });
                }
            });
        }
        if (anySequential) {
            quantizedWeights.forward(calibration, (site, x) -> {
                TensorQuantizer q = activations.get(site);
                if (q == null) {
                    return x;
                }
                return guard(site, () -> {
                    if (q.paradigm() == CalibrationParadigm.SEQUENTIAL) {
                        q.observe(x);
                        q.fit();
                    }
                    return q.quantize(x);
                });
            });
        }
        return new QuantizedModel(quantizedWeights, plan, weights, activations);
    }

    /**
     * Applies a reparameterization that runs after calibration (RepQ-ViT's LayerNorm folding): the
     * plugin sees the fitted quantizers, rewrites the float weights, may replace quantizers (e.g.
     * per-channel by the equivalent per-tensor one) and marks weight sites for re-fitting. Then
     * the weight quantizers of those sites are created anew and fitted on the rewritten weights
     * (the re-calibration pass: nothing else is re-fitted), every other changed weight is
     * re-quantized with its fitted quantizer, and the activation quantizers are kept as replaced.
     *
     * @param floatModel the float model {@code quantized} was calibrated from
     * @return the rewritten float model (the reference for analysis) and the quantized model
     */
    public Reparameterized reparameterize(CompiledModel floatModel, QuantizedModel quantized, List<SitePlan> plan,
                                          String id, Reparameterization r) {
        Map<QuantSite, TensorQuantizer> weights = new LinkedHashMap<>(quantized.weightQuantizers());
        Map<QuantSite, TensorQuantizer> activations = new LinkedHashMap<>(quantized.activationQuantizers());
        Set<QuantSite> refit = new LinkedHashSet<>();
        List<QuantSite> sites = floatModel.sites();
        ReparameterizationContext context = new ReparameterizationContext() {
            @Override
            public List<QuantSite> sites() {
                return sites;
            }

            @Override
            public Optional<TensorQuantizer> quantizer(QuantSite site) {
                return Optional.ofNullable(site.role().isWeight() ? weights.get(site) : activations.get(site));
            }

            @Override
            public void replaceQuantizer(QuantSite site, TensorQuantizer q) {
                if (!q.fitted()) {
                    throw new IllegalArgumentException("replacement quantizer for " + site + " is not fitted");
                }
                (site.role().isWeight() ? weights : activations).put(site, q);
            }

            @Override
            public void refit(QuantSite site) {
                if (!site.role().isWeight()) {
                    throw new IllegalArgumentException(site + " is not a weight site; only weights are re-fitted");
                }
                refit.add(site);
            }
        };
        VisionModel rewritten;
        try {
            rewritten = r.apply(floatModel.model(), context);
        } catch (RuntimeException e) {
            throw new QuantizationException("reparameterization '" + id + "' failed: " + e, e);
        }
        CompiledModel newFloat = CompiledModel.build(rewritten, floatModel.options());
        Map<QuantSite, SitePlan> plans = new LinkedHashMap<>();
        plan.forEach(p -> plans.put(p.site(), p));
        Map<String, Tensor> quantizedWeights = new LinkedHashMap<>();
        for (WeightSite ws : newFloat.weightSites()) {
            Tensor w = newFloat.model().weight(ws.key());
            if (refit.contains(ws.site()) && plans.containsKey(ws.site()) && plans.get(ws.site()).enabled()) {
                TensorQuantizer q = create(plans.get(ws.site()));
                guard(ws.site(), () -> {
                    q.observe(w);
                    q.fit();
                    return null;
                });
                weights.put(ws.site(), q);
            }
            TensorQuantizer q = weights.get(ws.site());
            boolean changed = w != floatModel.model().weight(ws.key());
            if (q != null && (changed || refit.contains(ws.site()))) {
                quantizedWeights.put(ws.key(), guard(ws.site(), () -> q.quantize(w)));
            } else if (q != null) {
                quantizedWeights.put(ws.key(), quantized.model().model().weight(ws.key()));
            }
        }
        return new Reparameterized(newFloat,
                new QuantizedModel(newFloat.withWeights(quantizedWeights), plan, weights, activations));
    }

    /**
     * The outcome of {@link #reparameterize}.
     *
     * @param floatModel the rewritten float model
     * @param quantized the quantized model after re-fitting
     */
    public record Reparameterized(CompiledModel floatModel, QuantizedModel quantized) {
    }

    private TensorQuantizer create(SitePlan p) {
        Quantizer factory = plugins.find(Quantizer.class, p.quantizer()).orElseThrow(() -> new QuantizationException(
                "site " + p.site() + ": no quantizer plugin '" + p.quantizer() + "' is installed (installed: "
                        + String.join(", ", plugins.ids(Quantizer.class)) + ")"));
        return guard(p.site(), p.quantizer(), () -> {
            factory.validate(p.config());
            return factory.create(p.site(), p.config());
        });
    }

    /** A step of a plugin at a site. */
    private interface Step<T> {
        T run();
    }

    private static <T> T guard(QuantSite site, Step<T> step) {
        return guard(site, null, step);
    }

    private static <T> T guard(QuantSite site, String plugin, Step<T> step) {
        try {
            return step.run();
        } catch (QuantizationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new QuantizationException("site " + site + (plugin == null ? "" : " (quantizer '" + plugin + "')")
                    + ": " + e, e);
        }
    }
}
