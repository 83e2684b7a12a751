package io.qvit.testsupport;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.ReparameterizationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A reparameterization context over a map of quantizers, as the platform gives one to a
 * reparameterization, recording the quantizers it replaces and the sites it asks to refit.
 */
public final class MapReparameterizationContext implements ReparameterizationContext {
    private final List<QuantSite> sites;
    private final Map<QuantSite, TensorQuantizer> quantizers;
    private final Map<QuantSite, TensorQuantizer> replaced = new LinkedHashMap<>();
    private final List<QuantSite> refits = new ArrayList<>();

    /** A context over {@code sites} whose quantizers are {@code quantizers} (copied). */
    public MapReparameterizationContext(List<QuantSite> sites, Map<QuantSite, TensorQuantizer> quantizers) {
        this.sites = List.copyOf(sites);
        this.quantizers = new LinkedHashMap<>(quantizers);
    }

    @Override
    public List<QuantSite> sites() {
        return sites;
    }

    @Override
    public Optional<TensorQuantizer> quantizer(QuantSite site) {
        return Optional.ofNullable(quantizers.get(site));
    }

    @Override
    public void replaceQuantizer(QuantSite site, TensorQuantizer quantizer) {
        if (!quantizers.containsKey(site)) {
            throw new IllegalArgumentException("no quantizer at " + site);
        }
        quantizers.put(site, quantizer);
        replaced.put(site, quantizer);
    }

    @Override
    public void refit(QuantSite site) {
        refits.add(site);
    }

    /** The quantizers the reparameterization replaced, by site, in order. */
    public Map<QuantSite, TensorQuantizer> replaced() {
        return replaced;
    }

    /** The sites the reparameterization asked to refit, in order. */
    public List<QuantSite> refits() {
        return refits;
    }
}
