package io.qvit.api.quant;

/**
 * The places every ViT post-training quantization paper quantizes, named once. The
 * {@link #key()} is the name experiment files use (for example {@code qkv.input}).
 */
public enum SiteRole {
    PATCH_EMBED_WEIGHT("patch_embed.weight"),
    PATCH_EMBED_INPUT("patch_embed.input"),
    QKV_WEIGHT("qkv.weight"),
    /** Post-LayerNorm activation entering the qkv projection. */
    QKV_INPUT("qkv.input"),
    /** Queries, first attention matmul operand. */
    ATTN_Q("attn.q"),
    /** Keys, first attention matmul operand. */
    ATTN_K("attn.k"),
    /** Post-softmax attention probabilities, second matmul operand. */
    ATTN_PROBS("attn.probs"),
    /** Values, second attention matmul operand. */
    ATTN_V("attn.v"),
    PROJ_WEIGHT("proj.weight"),
    PROJ_INPUT("proj.input"),
    FC1_WEIGHT("fc1.weight"),
    /** Post-LayerNorm activation entering the first MLP layer. */
    FC1_INPUT("fc1.input"),
    FC2_WEIGHT("fc2.weight"),
    /** Post-GELU activation entering the second MLP layer. */
    FC2_INPUT("fc2.input"),
    HEAD_WEIGHT("head.weight"),
    HEAD_INPUT("head.input"),
    /** Residual stream entering a LayerNorm (fully quantized models). */
    NORM_INPUT("norm.input"),
    /** Output of a residual add (fully quantized models). */
    RESIDUAL("residual"),
    /** Attention logits entering the softmax (fully quantized models). */
    SOFTMAX_INPUT("softmax.input"),
    /** Pre-activation entering the GELU (fully quantized models). */
    GELU_INPUT("gelu.input"),
    /** Swin patch-merging reduction weight. */
    REDUCTION_WEIGHT("reduction.weight"),
    /** Swin patch-merging post-LayerNorm input of the reduction. */
    REDUCTION_INPUT("reduction.input");

    private final String key;

    SiteRole(String key) {
        this.key = key;
    }

    /** The name used in experiment files and reports. */
    public String key() {
        return key;
    }

    /** True for weight sites, false for activations. */
    public boolean isWeight() {
        return key.endsWith(".weight");
    }

    /**
     * The role whose {@link #key()} is {@code key}.
     *
     * @throws IllegalArgumentException listing the known keys when there is none
     */
    public static SiteRole fromKey(String key) {
        for (SiteRole r : values()) {
            if (r.key.equals(key)) {
                return r;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SiteRole r : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(r.key);
        }
        throw new IllegalArgumentException("unknown quantization site role '" + key + "' (known: " + known + ")");
    }
}
