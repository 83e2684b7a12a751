package io.qvit.api.model;

/** The vision-transformer families qvit can execute, as timm defines them. */
public enum ArchitectureFamily {
    /** timm {@code vit_*} and non-distilled {@code deit_*}: class token, global self-attention. */
    VIT,
    /** timm {@code deit_*_distilled_*}: class and distillation tokens; logits are the mean of both heads. */
    DEIT_DISTILLED,
    /** timm {@code swin_*}: shifted windows, relative position bias, patch merging. */
    SWIN
}
