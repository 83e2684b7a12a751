package io.qvit.plugins.mptq;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import java.util.Optional;

/**
 * A LayerNorm and the linear layer reading its output: ViT/DeiT/Swin {@code norm1 → attn.qkv}
 * ({@code qkv.input}), {@code norm2 → mlp.fc1} ({@code fc1.input}), Swin patch merging
 * {@code norm → reduction} ({@code reduction.input}).
 *
 * @param input the post-LayerNorm activation site
 * @param weight the linear layer's weight site
 * @param norm key prefix of the LayerNorm
 * @param linear key prefix of the linear layer
 */
record PostNormPair(QuantSite input, QuantSite weight, String norm, String linear) {

    /** The pair whose input site is {@code site}; empty for other sites. */
    static Optional<PostNormPair> at(QuantSite site) {
        String p = site.scope().isEmpty() ? "" : site.scope() + ".";
        return switch (site.role()) {
            case QKV_INPUT -> Optional.of(new PostNormPair(site, new QuantSite(site.scope(), SiteRole.QKV_WEIGHT),
                    p + "norm1", p + "attn.qkv"));
            case FC1_INPUT -> Optional.of(new PostNormPair(site, new QuantSite(site.scope(), SiteRole.FC1_WEIGHT),
                    p + "norm2", p + "mlp.fc1"));
            case REDUCTION_INPUT -> Optional.of(new PostNormPair(site,
                    new QuantSite(site.scope(), SiteRole.REDUCTION_WEIGHT), p + "norm", p + "reduction"));
            default -> Optional.empty();
        };
    }
}
