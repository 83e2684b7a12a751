package io.qvit.plugins.mptq;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.reparam.ReparameterizationContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reparameterization context over a map of quantizers, recording replacements and refits. */
final class MapContext implements ReparameterizationContext {
    final List<QuantSite> sites;
    final Map<QuantSite, TensorQuantizer> quantizers;
    final Map<QuantSite, TensorQuantizer> replaced = new LinkedHashMap<>();
    final List<QuantSite> refits = new ArrayList<>();

    MapContext(List<QuantSite> sites, Map<QuantSite, TensorQuantizer> quantizers) {
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
}
