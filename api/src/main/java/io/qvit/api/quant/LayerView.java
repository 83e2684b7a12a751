package io.qvit.api.quant;

import io.qvit.api.tensor.Tensor;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A read-only view of one layer {@code Y = L·op(R) + bias} that consumes a quantization site,
 * handed by the calibration engine to a {@link LayerFitted} quantizer so that it can fit against
 * the layer's output error. Two shapes occur:
 * <ul>
 *   <li>a linear layer: {@code left} is its float input {@code [..., K]} (rows = every leading
 *       index), {@code right} its float weight {@code [N, K]}, {@link #rightTransposed()} true,
 *       {@link #bias()} the bias if any;</li>
 *   <li>an attention matmul: both operands are {@code [B, H, ·, ·]} and the product is taken per
 *       (B, H): {@code q·kᵀ} ({@code rightTransposed} true) or {@code probs·v} (false); no bias.</li>
 * </ul>
 * Tensors are the float model's calibration tensors (the whole calibration batch) and must not be
 * modified or kept after {@link LayerFitted#fit(LayerView)} returns.
 */
@ProviderType
public interface LayerView {

    /** The site whose quantizer is asked to fit (one of {@link #leftSite()}, {@link #rightSite()}). */
    QuantSite site();

    /** The site of the left operand (a linear layer's input). */
    QuantSite leftSite();

    /** The site of the right operand (a linear layer's weight). */
    QuantSite rightSite();

    /** The left operand's float calibration tensor. */
    Tensor left();

    /** The right operand's float tensor (a linear layer's weight). */
    Tensor right();

    /** True when the layer multiplies by the transpose of {@link #right()}. */
    boolean rightTransposed();

    /** A linear layer's bias {@code [N]}, if it has one. */
    Optional<Tensor> bias();

    /**
     * The quantizer at {@code site}, if that operand is quantized. Implementations may refit the
     * other operand's quantizer when it is of their own kind (a joint search); the engine
     * re-quantizes the weights after every layer has been fitted.
     */
    Optional<TensorQuantizer> quantizer(QuantSite site);

    /**
     * The seed of every random choice the fit makes (for example a sample of calibration rows):
     * derived by the engine from the experiment's {@code seed} and this layer's site, so that a
     * repeat with another seed draws differently and the same seed draws the same.
     *
     * @since 1.2
     */
    default long seed() {
        return 0L;
    }
}
