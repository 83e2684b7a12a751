package io.qvit.plugins.dopq;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.LayerScaleRule;
import io.qvit.api.reparam.ReparameterizationContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ReparameterizationContext} that forwards everything to the platform's context and adds
 * a {@link LayerScaleRule}: how {@code dopq.mosf} hands its rule to {@code repq.layernorm}.
 */
final class RuleContext implements ReparameterizationContext {
    private final ReparameterizationContext delegate;
    private final LayerScaleRule rule;

    RuleContext(ReparameterizationContext delegate, LayerScaleRule rule) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public List<QuantSite> sites() {
        return delegate.sites();
    }

    @Override
    public Optional<TensorQuantizer> quantizer(QuantSite site) {
        return delegate.quantizer(site);
    }

    @Override
    public void replaceQuantizer(QuantSite site, TensorQuantizer quantizer) {
        delegate.replaceQuantizer(site, quantizer);
    }

    @Override
    public void refit(QuantSite site) {
        delegate.refit(site);
    }

    @Override
    public Optional<LayerScaleRule> layerScaleRule() {
        return Optional.of(rule);
    }
}
