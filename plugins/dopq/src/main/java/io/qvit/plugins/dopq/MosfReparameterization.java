package io.qvit.plugins.dopq;

import io.qvit.api.model.VisionModel;
import io.qvit.api.reparam.LayerScaleRule;
import io.qvit.api.reparam.Reparameterization;
import io.qvit.api.reparam.ReparameterizationContext;
import io.qvit.api.reparam.ReparameterizationPhase;
import io.qvit.toolkit.facts.PluginIds;
import java.util.Objects;

/**
 * DopQ-ViT's MOSF: RepQ-ViT's post-LayerNorm scale reparameterization ({@code repq.layernorm},
 * reached as a {@link Reparameterization} service) with the layer-wise step and zero point chosen
 * by a robust {@link LayerScaleRule} instead of the channel means. It does no folding of its own:
 * it calls the RepQ service with a context ({@link RuleContext}) that carries the rule, so the
 * folding, the degenerate-channel handling and the weight re-fit are RepQ's, unchanged. The
 * services {@link Mosf} ({@code dopq.mosf}), {@link MosfMedian} and {@link MosfMad} differ only
 * in the rule.
 */
abstract class MosfReparameterization implements Reparameterization {
    /** The DS target of the RepQ folding service. */
    static final String REPQ_TARGET = "(qvit.id=" + PluginIds.REPQ_LAYERNORM + ")";

    private final Reparameterization fold;
    private final LayerScaleRule rule;

    MosfReparameterization(Reparameterization fold, LayerScaleRule rule) {
        this.fold = Objects.requireNonNull(fold, PluginIds.REPQ_LAYERNORM);
        this.rule = Objects.requireNonNull(rule, "rule");
        if (fold.phase() != ReparameterizationPhase.AFTER_CALIBRATION) {
            throw new IllegalArgumentException(PluginIds.REPQ_LAYERNORM + " must run after calibration, it reports "
                    + fold.phase());
        }
    }

    /** After calibration, as RepQ's folding. */
    @Override
    public final ReparameterizationPhase phase() {
        return ReparameterizationPhase.AFTER_CALIBRATION;
    }

    /** RepQ's folding with this rule. */
    @Override
    public final VisionModel apply(VisionModel model, ReparameterizationContext context) {
        return fold.apply(model, new RuleContext(context, rule));
    }

    /** The rule. */
    final LayerScaleRule rule() {
        return rule;
    }
}
