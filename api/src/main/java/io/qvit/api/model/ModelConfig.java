package io.qvit.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The shape of a vision transformer: everything needed to build its graph, nothing about its
 * weights. Fields that a family does not use are zero or empty (ViT has no {@code windowSize},
 * Swin has per-stage {@code depths} and {@code heads} instead of {@code depth} and
 * {@code numHeads}).
 *
 * @param architecture the timm architecture name, e.g. {@code deit_tiny_patch16_224}
 * @param family which graph the runtime builds
 * @param imageSize input side in pixels
 * @param patchSize patch side in pixels
 * @param inChannels image channels (3)
 * @param numClasses classifier outputs; 0 means no head
 * @param embedDim token width (Swin: width of the first stage)
 * @param depth number of transformer blocks (ViT/DeiT)
 * @param numHeads attention heads per block (ViT/DeiT)
 * @param mlpRatio hidden width of the MLP divided by the token width
 * @param qkvBias whether the qkv projection has a bias
 * @param layerNormEps the LayerNorm epsilon
 * @param globalPool {@code "token"} (class token) or {@code "avg"} (mean over patch tokens)
 * @param depths blocks per stage (Swin)
 * @param heads attention heads per stage (Swin)
 * @param windowSize attention window side in patches (Swin)
 * @param preprocessing how images become inputs of this model
 */
public record ModelConfig(
        String architecture,
        ArchitectureFamily family,
        int imageSize,
        int patchSize,
        int inChannels,
        int numClasses,
        int embedDim,
        int depth,
        int numHeads,
        double mlpRatio,
        boolean qkvBias,
        double layerNormEps,
        String globalPool,
        List<Integer> depths,
        List<Integer> heads,
        int windowSize,
        Preprocessing preprocessing) {

    /** Validates the values and copies the lists. */
    public ModelConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(preprocessing, "preprocessing");
        depths = List.copyOf(depths);
        heads = List.copyOf(heads);
        if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException(architecture + ": image size " + imageSize
                    + " is not a positive multiple of patch size " + patchSize);
        }
        if (embedDim <= 0 || inChannels <= 0 || numClasses < 0) {
            throw new IllegalArgumentException(architecture + ": embedDim, inChannels must be positive, numClasses >= 0");
        }
        if (family == ArchitectureFamily.SWIN) {
            if (depths.isEmpty() || depths.size() != heads.size() || windowSize <= 0) {
                throw new IllegalArgumentException(architecture + ": Swin needs depths and heads of equal length and a window size");
            }
        } else if (depth <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException(architecture + ": depth and heads must be positive and heads must divide embedDim");
        }
    }

    /** Patches per image side. */
    public int gridSize() {
        return imageSize / patchSize;
    }
}
