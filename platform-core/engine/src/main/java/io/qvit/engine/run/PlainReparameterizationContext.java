package io.qvit.engine.run;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.ReparameterizationContext;
import java.util.List;
import java.util.Optional;

/** The context of a reparameterization that runs before calibration: sites, and no quantizers yet. */
final class PlainReparameterizationContext implements ReparameterizationContext {
    private final List<QuantSite> sites;

    PlainReparameterizationContext(List<QuantSite> sites) {
        this.sites = List.copyOf(sites);
    }

    @Override
    public List<QuantSite> sites() {
        return sites;
    }

    @Override
    public Optional<TensorQuantizer> quantizer(QuantSite site) {
        return Optional.empty();
    }

    @Override
    public void replaceQuantizer(QuantSite site, TensorQuantizer quantizer) {
        throw new IllegalStateException("no quantizers exist before calibration");
    }

    @Override
    public void refit(QuantSite site) {
        throw new IllegalStateException("no quantizers exist before calibration");
    }
}
