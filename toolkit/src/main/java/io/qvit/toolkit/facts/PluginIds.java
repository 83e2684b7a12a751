package io.qvit.toolkit.facts;

/**
 * The {@code @QvitPlugin} ids one plugin names in another's recipe or checks for, so that such a
 * reference is a compile-time constant rather than a string literal copied between plugins.
 * Naming an id here does not make its plugin installed: the platform reports a missing one.
 */
public final class PluginIds {
    /** The uniform affine/symmetric quantizer (plugin {@code uniform}). */
    public static final String UNIFORM = "uniform";
    /** RepQ-ViT's log√2 post-softmax quantizer (plugin {@code repq}). */
    public static final String LOG_SQRT2 = "log-sqrt2";
    /** RepQ-ViT's LayerNorm scale reparameterization (plugin {@code repq}). */
    public static final String REPQ_LAYERNORM = "repq.layernorm";

    private PluginIds() {
    }
}
