package io.qvit.plugins.adalog;

import io.qvit.api.quant.TensorQuantizer;

/** A quantizer of this plugin that {@link JointSearch} can re-fit on a layer objective. */
interface Searchable extends TensorQuantizer {

    /** Its search options. */
    SearchOptions options();

    /** True for AdaLog (searched before the other operand in each round). */
    boolean logarithmic();

    /**
     * The operand as the layer multiplies it once this quantizer is in place: the float values,
     * or (AdaLog with a folded offset) the values plus the offset.
     */
    float[] effective(float[] values);

    /**
     * Re-fits on the objective.
     *
     * @param values the operand's float values (not modified, not kept after {@link #release()})
     * @param shape their shape
     * @param objective the per-element objective, indexed like {@code values}
     */
    void search(float[] values, int[] shape, LayerObjective objective);

    /**
     * Re-fits on the objective, re-ranking with {@code exact} (null: as {@link #search(float[], int[],
     * LayerObjective)}).
     */
    void search(float[] values, int[] shape, LayerObjective objective, ExactError exact);

    /** The groups of a tensor of {@code shape} at this quantizer's granularity. */
    Groups groups(int[] shape);

    /** Drops whatever {@link #search} cached for the current layer. */
    void release();
}
