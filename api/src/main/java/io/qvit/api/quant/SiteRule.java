package io.qvit.api.quant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a group of quantization sites is quantized, as written in an experiment file or a method
 * preset. Every field is optional ({@code null}); a rule for a narrower pattern overrides a broader
 * one field by field (see {@link #over(SiteRule)}).
 *
 * <p>The {@code options} are the parameters of one quantizer plugin, so they are scoped by its id:
 * a rule that names a quantizer other than the one of the rule it overrides starts from its own
 * options only, and the broader rule's options (say {@code uniform}'s {@code percentile} on the
 * {@code default} rule) do not reach the sites it switches to another quantizer (say
 * {@code attn.probs} with {@code log-sqrt2}). A rule that names no quantizer, or the same one,
 * merges its options into the broader rule's key by key. The platform starts every site from a rule
 * that names the protocol's default quantizer, so a rule without {@code quantizer} means that one.
 *
 * <p>Presets build rules with {@link #builder()}:
 *
 * <pre>{@code
 * SiteRule probs = SiteRule.builder().quantizer("log-sqrt2").bits(4).init("percentile-mse")
 *         .option("paradigm", "sequential").build();
 * }</pre>
 *
 * @param quantizer Quantizer plugin id
 * @param bits bit-width, 2..16
 * @param granularity {@code per-tensor}, {@code per-channel} or {@code per-head}
 * @param symmetric symmetric grid instead of asymmetric
 * @param init range initialisation the quantizer documents ({@code minmax}, {@code percentile}, ...)
 * @param enabled {@code false} keeps the sites in float32
 * @param options parameters of the {@code quantizer} plugin; merged key by key over a broader rule
 *     of the same quantizer, replacing those of a broader rule of another quantizer
 */
public record SiteRule(String quantizer, Integer bits, String granularity, Boolean symmetric, String init,
                       Boolean enabled, Map<String, Object> options) {

    /** A rule that sets nothing. */
    public static final SiteRule EMPTY = new SiteRule(null, null, null, null, null, null, Map.of());

    /** Copies the options (null becomes empty). */
    public SiteRule {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    /**
     * A builder of a rule that sets nothing yet.
     *
     * @since 1.3
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This rule with the unset fields taken from {@code base}. The options are merged key by key,
     * this rule's winning, unless this rule names a quantizer and {@code base} names a different
     * one: then they are this rule's options only (options belong to one quantizer plugin).
     */
    public SiteRule over(SiteRule base) {
        if (base == null) {
            return this;
        }
        Map<String, Object> merged;
        if (quantizer != null && base.quantizer != null && !quantizer.equals(base.quantizer)) {
            merged = options;
        } else {
            merged = new LinkedHashMap<>(base.options);
            merged.putAll(options);
        }
        return new SiteRule(
                quantizer != null ? quantizer : base.quantizer,
                bits != null ? bits : base.bits,
                granularity != null ? granularity : base.granularity,
                symmetric != null ? symmetric : base.symmetric,
                init != null ? init : base.init,
                enabled != null ? enabled : base.enabled,
                merged);
    }

    /**
     * Builds a {@link SiteRule} one field at a time; fields not set stay {@code null} (unset).
     *
     * @since 1.3
     */
    public static final class Builder {
        private String quantizer;
        private Integer bits;
        private String granularity;
        private Boolean symmetric;
        private String init;
        private Boolean enabled;
        private final Map<String, Object> options = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the Quantizer plugin id. */
        public Builder quantizer(String quantizer) {
            this.quantizer = quantizer;
            return this;
        }

        /** Sets the bit-width (checked when the site's configuration is resolved). */
        public Builder bits(Integer bits) {
            this.bits = bits;
            return this;
        }

        /** Sets the granularity: {@code per-tensor}, {@code per-channel} or {@code per-head}. */
        public Builder granularity(String granularity) {
            this.granularity = granularity;
            return this;
        }

        /** Sets whether the grid is symmetric. */
        public Builder symmetric(Boolean symmetric) {
            this.symmetric = symmetric;
            return this;
        }

        /** Sets the range initialisation. */
        public Builder init(String init) {
            this.init = init;
            return this;
        }

        /** Sets whether the sites are quantized ({@code false}: float32). */
        public Builder enabled(Boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Replaces the options set so far by {@code options} (null: none). */
        public Builder options(Map<String, ?> options) {
            this.options.clear();
            if (options != null) {
                this.options.putAll(options);
            }
            return this;
        }

        /** Adds (or replaces) one option; {@code value} must not be null. */
        public Builder option(String key, Object value) {
            options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of option " + key));
            return this;
        }

        /** The rule. */
        public SiteRule build() {
            return new SiteRule(quantizer, bits, granularity, symmetric, init, enabled, options);
        }
    }
}
