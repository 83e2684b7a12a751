package io.qvit.plugins.repq;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.TensorQuantizer;
import io.qvit.api.tensor.Tensor;

/** A fitted quantizer that only reports given parameters (quantize is not needed by the reparameterization). */
final class FixedParamsQuantizer implements TensorQuantizer {
    private final QuantParams params;

    FixedParamsQuantizer(QuantParams params) {
        this.params = params;
    }

    @Override
    public void observe(Tensor tensor) {
    }

    @Override
    public void fit() {
    }

    @Override
    public boolean fitted() {
        return true;
    }

    @Override
    public Tensor quantize(Tensor tensor) {
        throw new UnsupportedOperationException();
    }

    @Override
    public QuantParams params() {
        return params;
    }
}
