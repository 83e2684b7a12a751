package io.qvit.runtime.internal;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.ActivationHook;
import java.util.Arrays;

/** Calls an {@link ActivationHook} on a workspace buffer and takes its result back. */
final class Hooks {
    private Hooks() {
    }

    /**
     * Lets {@code hook} see {@code buf} (exactly {@code prod(shape)} values) as a tensor of
     * {@code shape}, and copies a returned replacement into {@code buf}.
     */
    static void call(ActivationHook hook, QuantSite site, float[] buf, int... shape) {
        Tensor in = Tensor.of(buf, shape);
        Tensor out = hook.apply(site, in);
        if (out == null) {
            throw new IllegalStateException("activation hook returned null at " + site);
        }
        if (out == in || out.data() == buf) {
            return;
        }
        if (!Arrays.equals(out.shape(), shape)) {
            throw new IllegalStateException("activation hook changed the shape at " + site + " from "
                    + Arrays.toString(shape) + " to " + Arrays.toString(out.shape()));
        }
        System.arraycopy(out.data(), 0, buf, 0, buf.length);
    }
}
