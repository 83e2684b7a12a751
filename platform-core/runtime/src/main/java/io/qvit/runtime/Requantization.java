package io.qvit.runtime;

import io.qvit.api.kernel.Dyadic;
import java.util.List;

/**
 * One requantization of an {@link IntegerModel}, as fixed at conversion: the real factors
 * ({@code s_in / s_out}, one per channel or one) and the dyadic numbers the kernel multiplies by.
 *
 * @param name where it is, e.g. {@code blocks.0.qkv->q/k/v} or {@code blocks.3.logits->softmax.input}
 * @param factors the real factors
 * @param dyadics their dyadic forms, same length
 */
public record Requantization(String name, List<Double> factors, List<Dyadic> dyadics) {

    /** Copies the lists and checks their lengths. */
    public Requantization {
        factors = List.copyOf(factors);
        dyadics = List.copyOf(dyadics);
        if (factors.size() != dyadics.size()) {
            throw new IllegalArgumentException(name + ": " + factors.size() + " factors, " + dyadics.size() + " dyadics");
        }
    }

    /** The largest relative error {@code |dyadic / factor - 1|} over the channels (0 for zero factors). */
    public double maxRelativeError() {
        double m = 0;
        for (int i = 0; i < factors.size(); i++) {
            double f = factors.get(i);
            if (f != 0) {
                m = Math.max(m, Math.abs(dyadics.get(i).value() / f - 1));
            }
        }
        return m;
    }
}
