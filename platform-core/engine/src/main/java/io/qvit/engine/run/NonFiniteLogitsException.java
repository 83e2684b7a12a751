package io.qvit.engine.run;

import java.io.IOException;

/**
 * A model produced a NaN or an infinite logit for an image: no accuracy can be computed honestly,
 * so the evaluation stops with a message naming the evaluation, the image and the class.
 */
public final class NonFiniteLogitsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The message names the evaluation ({@code label}), the image, the class and the value. */
    public NonFiniteLogitsException(String label, String image, int cls, float value) {
        super(label + ": image " + image + " has a non-finite logit (" + value + " for class " + cls
                + "): the model's computation overflowed or its weights are broken; no accuracy is reported");
    }
}
