package io.qvit.engine.quant;

import io.qvit.api.quant.QuantSite;
import java.util.Locale;
import java.util.function.Function;

/** How sensitivity analysis groups sites: by block, or by role across blocks. */
public enum SiteGroups {
    /** One group per block ({@code blocks.3}, {@code layers.1.blocks.0}, Swin {@code layers.1.downsample}), plus {@code patch_embed} and {@code head}. */
    BLOCK(site -> {
        if (!site.scope().isEmpty()) {
            return site.scope();
        }
        return site.role().key().startsWith("patch_embed") ? "patch_embed" : site.role().key().startsWith("head") ? "head" : "final";
    }),
    /** One group per role ({@code qkv.weight}, {@code attn.probs}, ...) across all blocks. */
    ROLE(site -> site.role().key());

    private final Function<QuantSite, String> key;

    SiteGroups(Function<QuantSite, String> key) {
        this.key = key;
    }

    /** The group of {@code site}. */
    public String of(QuantSite site) {
        return key.apply(site);
    }

    /** Parses {@code block} or {@code role}. */
    public static SiteGroups parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown grouping '" + name + "' (block or role)");
        }
    }
}
