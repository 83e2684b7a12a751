package io.qvit.runtime.internal;

import io.qvit.api.model.ModelConfig;

/**
 * The dimensions of a ViT/DeiT derived from its config, shared by the float graph
 * ({@link VitGraph}) and the integer conversion ({@link IntVitConversion}).
 *
 * @param dim embedding width
 * @param heads attention heads
 * @param headDim width of one head ({@code dim / heads})
 * @param prefix class (and distillation) tokens before the patches
 * @param patches patch tokens ({@code gridSize²})
 * @param tokens sequence length ({@code patches + prefix})
 * @param hidden MLP width
 */
record VitShape(int dim, int heads, int headDim, int prefix, int patches, int tokens, int hidden) {

    /** The shape of the model {@code c} describes. */
    static VitShape of(ModelConfig c) {
        int dim = c.embedDim();
        int prefix = WeightSpec.prefixTokens(c);
        int patches = c.gridSize() * c.gridSize();
        return new VitShape(dim, c.numHeads(), dim / c.numHeads(), prefix, patches, patches + prefix,
                WeightSpec.hidden(c, dim));
    }
}
