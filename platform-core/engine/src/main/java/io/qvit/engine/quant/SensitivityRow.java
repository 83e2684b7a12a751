package io.qvit.engine.quant;

/**
 * The accuracy effect of one group of sites.
 *
 * @param group the group: a block ({@code blocks.3}), {@code patch_embed}, {@code head}, or a role
 *     ({@code attn.probs})
 * @param sites quantized sites in the group
 * @param onlyTop1 top-1 with only this group quantized
 * @param complementTop1 top-1 with everything but this group quantized
 */
public record SensitivityRow(String group, int sites, double onlyTop1, double complementTop1) {
}
