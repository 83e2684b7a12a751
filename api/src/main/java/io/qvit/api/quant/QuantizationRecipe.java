package io.qvit.api.quant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit form of a quantization method: which reparameterizations run, in order, and which
 * rule applies to which sites. Site patterns are matched against site ids
 * ({@code blocks.3.qkv.input}): {@code default} matches every site, {@code *} matches any run of
 * characters, a pattern without a scope ({@code attn.probs}) matches that role in every block.
 * Later patterns override earlier ones field by field.
 *
 * @param reparameterizations Reparameterization plugin ids, in order
 * @param sites rules by site pattern, in priority order (last wins)
 * @param bitAllocator BitAllocator plugin id, or null for fixed bit-widths
 */
public record QuantizationRecipe(List<String> reparameterizations, Map<String, SiteRule> sites, String bitAllocator) {

    /** Copies the collections, keeping the order of {@code sites}. */
    public QuantizationRecipe {
        reparameterizations = List.copyOf(reparameterizations);
        sites = Collections.unmodifiableMap(new LinkedHashMap<>(sites));
    }
}
