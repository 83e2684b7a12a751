package io.qvit.api.quant;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a group of quantization sites is quantized, as written in an experiment file or a method
 * preset. Every field is optional ({@code null}); a rule for a narrower pattern overrides a broader
 * one field by field (see {@link #over(SiteRule)}).
 *
 * @param quantizer Quantizer plugin id
 * @param bits bit-width, 2..16
 * @param granularity {@code per-tensor}, {@code per-channel} or {@code per-head}
 * @param symmetric symmetric grid instead of asymmetric
 * @param init range initialisation the quantizer documents ({@code minmax}, {@code percentile}, ...)
 * @param enabled {@code false} keeps the sites in float32
 * @param options plugin-specific parameters; merged key by key
 */
public record SiteRule(String quantizer, Integer bits, String granularity, Boolean symmetric, String init,
                       Boolean enabled, Map<String, Object> options) {

    /** A rule that sets nothing. */
    public static final SiteRule EMPTY = new SiteRule(null, null, null, null, null, null, Map.of());

    /** Copies the options (null becomes empty). */
    public SiteRule {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /** This rule with the unset fields taken from {@code base}; options merged, this rule's win. */
    public SiteRule over(SiteRule base) {
        if (base == null) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(base.options);
        merged.putAll(options);
        return new SiteRule(
                quantizer != null ? quantizer : base.quantizer,
                bits != null ? bits : base.bits,
                granularity != null ? granularity : base.granularity,
                symmetric != null ? symmetric : base.symmetric,
                init != null ? init : base.init,
                enabled != null ? enabled : base.enabled,
                merged);
    }
}
