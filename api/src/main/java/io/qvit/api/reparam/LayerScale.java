package io.qvit.api.reparam;

/**
 * One layer-wise (per-tensor) quantization step and zero point, chosen by a {@link LayerScaleRule}
 * when per-channel quantizer parameters are collapsed into a single pair.
 *
 * @param scale the step, finite and positive
 * @param zeroPoint the zero point in codes, finite (not necessarily an integer)
 */
public record LayerScale(float scale, float zeroPoint) {

    /** Validates the values. */
    public LayerScale {
        if (!(scale > 0) || Float.isInfinite(scale) || !Float.isFinite(zeroPoint)) {
            throw new IllegalArgumentException("invalid layer scale " + scale + " / zero point " + zeroPoint);
        }
    }
}
