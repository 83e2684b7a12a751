package io.qvit.api.quant;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optionally implemented by a {@link TensorQuantizer} that fits against the output of the layer
 * consuming its site (AdaLog's FPCS search, PTQ4ViT-style output objectives). After calibration
 * and every reparameterization, the engine runs the calibration images through the float model
 * once more and, for each linear layer and attention matmul, calls {@link #fit(LayerView)} on one
 * operand quantizer implementing this interface: the left operand's (a linear layer's input) if it
 * does, else the right one's. It is called after {@link TensorQuantizer#fit()}, so the quantizer
 * starts from a fitted state and must stay fitted.
 */
@ConsumerType
public interface LayerFitted {

    /** Re-fits this quantizer (and possibly, jointly, the other operand's) on the layer's output error. */
    void fit(LayerView layer);
}
