package io.qvit.toolkit.layout;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import java.util.Optional;

/**
 * A LayerNorm and the linear layer that reads its output, with their timm key prefixes and the
 * quantization sites between them: what a reparameterization that folds a per-channel factor into
 * the LayerNorm and the linear weight (RepQ-ViT's, MPTQ-ViT's SQ-b) rewrites. From the site's scope:
 * ViT/DeiT {@code blocks.N} and Swin {@code layers.S.blocks.M}: {@code norm1 → attn.qkv}
 * ({@code qkv.input}) and {@code norm2 → mlp.fc1} ({@code fc1.input}); Swin
 * {@code layers.S.downsample}: {@code norm → reduction} ({@code reduction.input}).
 *
 * @param input the post-LayerNorm activation site
 * @param weight the linear layer's weight site
 * @param norm key prefix of the LayerNorm ({@code blocks.3.norm1}); tensors {@code .weight}, {@code .bias}
 * @param linear key prefix of the linear layer ({@code blocks.3.attn.qkv}); {@code .weight}, optional {@code .bias}
 */
public record NormLinearPair(QuantSite input, QuantSite weight, String norm, String linear) {

    /** The pair whose post-LayerNorm input site is {@code site}; empty for other sites. */
    public static Optional<NormLinearPair> at(QuantSite site) {
        String p = site.scope().isEmpty() ? "" : site.scope() + ".";
        return switch (site.role()) {
            case QKV_INPUT -> Optional.of(pair(site, SiteRole.QKV_WEIGHT, p + "norm1", p + "attn.qkv"));
            case FC1_INPUT -> Optional.of(pair(site, SiteRole.FC1_WEIGHT, p + "norm2", p + "mlp.fc1"));
            case REDUCTION_INPUT -> Optional.of(pair(site, SiteRole.REDUCTION_WEIGHT, p + "norm", p + "reduction"));
            default -> Optional.empty();
        };
    }

    private static NormLinearPair pair(QuantSite input, SiteRole weight, String norm, String linear) {
        return new NormLinearPair(input, new QuantSite(input.scope(), weight), norm, linear);
    }
}
