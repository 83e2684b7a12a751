package io.qvit.api.quant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named quantization method ({@code method: repq} in an experiment file), contributed by a
 * plugin: it expands into the explicit {@link QuantizationRecipe}, which the experiment file may
 * then override key by key.
 */
@ConsumerType
public interface MethodPreset {

    /**
     * The recipe at the experiment's default bit-widths.
     *
     * @param weightBits bits for weight sites (the experiment's {@code weights.bits})
     * @param activationBits bits for activation sites (the experiment's {@code activations.bits})
     */
    QuantizationRecipe expand(int weightBits, int activationBits);
}
