package io.qvit.runtime;

import io.qvit.api.kernel.IntegerKernel;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.internal.IntSiteScales;
import io.qvit.runtime.internal.IntegerVitGraph;
import io.qvit.runtime.internal.WorkerPool;
import java.util.Map;
import java.util.Objects;

/**
 * A calibrated ViT/DeiT converted to integer-only inference (I-ViT): int8 weights and
 * activations, int32 biases and accumulators, a 16-bit residual stream, and the non-linear
 * operations (Shiftmax, ShiftGELU, I-LayerNorm) and requantizations of an {@link IntegerKernel}
 * service. Floating point is used only at the two ends: quantizing the input images and
 * multiplying the int32 logits by their scale. Every scale is turned into a dyadic number once,
 * here. See {@link IntegerVitGraph} for the data flow.
 *
 * <p>Sites it needs, each a symmetric uniform grid (zero point 0): per tensor for activations
 * ({@code patch_embed.input}, every {@code norm.input}, {@code qkv.input}, {@code attn.q},
 * {@code attn.k}, {@code attn.v}, {@code softmax.input}, {@code attn.probs}, {@code proj.input},
 * {@code residual}, {@code fc1.input}, {@code gelu.input}, {@code fc2.input}, {@code head.input}),
 * per output channel or per tensor for weights (2..8 bits). GEMM inputs are 8-bit at most.
 */
public final class IntegerModel {
    /** Bits of ShiftGELU's integer sigmoid (I-ViT trains with 8; see {@link IntegerVitGraph}). */
    public static final int GELU_SIGMOID_BITS = IntegerVitGraph.GELU_SIGMOID_BITS;

    private final CompiledModel source;
    private final IntegerVitGraph graph;

    private IntegerModel(CompiledModel source, IntegerVitGraph graph) {
        this.source = source;
        this.graph = graph;
    }

    /**
     * Converts {@code model} (float weights, usually the fake-quantized ones) with the calibrated
     * quantization parameters of its sites.
     *
     * @param params fitted parameters by site (every site listed above must be present)
     * @param kernel the integer kernels (dyadic conversion, requantization, Shiftmax, ShiftGELU, I-LayerNorm)
     * @throws IllegalArgumentException naming the site that is missing or not symmetric uniform
     * @throws UnsupportedOperationException for Swin or average-pooled models
     */
    public static IntegerModel convert(CompiledModel model, Map<QuantSite, QuantParams> params, IntegerKernel kernel) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(kernel, "kernel");
        IntSiteScales scales = scales(params);
        return new IntegerModel(model, new IntegerVitGraph(model.model(), scales, kernel,
                WorkerPool.shared(model.options().threads())));
    }

    /**
     * The calibrated sites as the integer conversion reads them (also used by
     * {@link IntegerSimulation}), validating each on first use.
     */
    static IntSiteScales scales(Map<QuantSite, QuantParams> params) {
        return new IntSiteScales() {
            @Override
            public Activation activation(QuantSite site) {
                QuantParams p = symmetric(site, params);
                if (p.scale().size() != 1) {
                    throw new IllegalArgumentException("integer path: site " + site + " must be quantized per tensor ("
                            + p.granularity().name().toLowerCase(java.util.Locale.ROOT) + " with " + p.scale().size()
                            + " scales)");
                }
                return new Activation(p.scale().data()[0], p.bits());
            }
    
            @Override
            public Weight weight(QuantSite site) {
                QuantParams p = symmetric(site, params);
                if (p.granularity() != Granularity.PER_CHANNEL && p.scale().size() != 1) {
                    throw new IllegalArgumentException("integer path: weight site " + site
                            + " must be quantized per channel or per tensor");
                }
                float[] s = p.scale().data();
                double[] d = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    d[i] = s[i];
                }
                return new Weight(d, p.bits());
            }
        };
    }

    private static QuantParams symmetric(QuantSite site, Map<QuantSite, QuantParams> params) {
        QuantParams p = params.get(site);
        if (p == null) {
            throw new IllegalArgumentException("integer path: site " + site + " is not quantized (the integer path"
                    + " needs a symmetric uniform quantizer there)");
        }
        for (float z : p.zeroPoint().data()) {
            if (z != 0) {
                throw new IllegalArgumentException("integer path: site " + site + " has a non-zero zero point " + z
                        + " (use symmetric: true)");
            }
        }
        return p;
    }

    /** Logits {@code [B, classes]} of a batch of preprocessed images {@code [B, C, H, W]}. */
    public Tensor forward(Tensor images) {
        return graph.forward(images);
    }

    /**
     * The forward pass with {@code probe} called with the integers at the residual-stream
     * ({@code norm.input}, {@code residual}) and linear-input sites, for diagnostics.
     */
    public Tensor forward(Tensor images, IntegerVitGraph.Probe probe) {
        return graph.forward(images, probe);
    }

    /** The model it was converted from. */
    public CompiledModel source() {
        return source;
    }

    /** Bytes of the integer weights (int8 matrices, int32 biases and position table, LayerNorm constants). */
    public long weightBytes() {
        return graph.weightBytes();
    }

    /**
     * Every requantization fixed at conversion (real factor and dyadic), in execution order; the
     * residual adds derive theirs from the two stream scales inside {@link IntegerKernel#add}.
     */
    public java.util.List<Requantization> requantizations() {
        return graph.requantizations();
    }

    /** Integer multiply-adds of one image's forward pass. */
    public long macsPerImage() {
        return graph.macsPerImage();
    }
}
