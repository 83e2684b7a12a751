package io.qvit.engine.run;

import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.Preprocessing;
import io.qvit.data.EvalTransform;
import io.qvit.data.ImageTransform;
import io.qvit.data.NormalizeTransform;
import java.util.List;

/**
 * The input pipeline of a model: timm's {@link EvalTransform} (PIL-exact resize, center crop,
 * normalise; RGB) for three-channel models, and for single-channel models (Fashion-MNIST, MNIST)
 * {@link NormalizeTransform}: no decoding step, no resize, {@code (x/255 - mean) / std} on images
 * that already have the input size (IDX images). A single-channel model whose preprocessing lists
 * three equal means and stds (the checkpoint metadata's compact form) uses that one value.
 */
final class ModelTransforms {
    private ModelTransforms() {
    }

    /**
     * The transform for {@code config}.
     *
     * @throws IllegalArgumentException if a single-channel model's preprocessing has differing channel values
     */
    static ImageTransform forModel(ModelConfig config) {
        Preprocessing p = config.preprocessing();
        if (config.inChannels() == 3) {
            return new EvalTransform(p);
        }
        int c = config.inChannels();
        return new NormalizeTransform(p.inputSize(), p.inputSize(), channels(p.mean(), c, "mean"), channels(p.std(), c, "std"));
    }

    private static List<Double> channels(List<Double> values, int c, String what) {
        if (values.size() == c) {
            return values;
        }
        if (c == 1 && values.stream().distinct().count() == 1) {
            return List.of(values.get(0));
        }
        throw new IllegalArgumentException("the model has " + c + " input channel(s) but its preprocessing " + what
                + " has " + values.size() + " differing values " + values);
    }
}
