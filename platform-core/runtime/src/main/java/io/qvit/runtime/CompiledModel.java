package io.qvit.runtime;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.internal.Graph;
import io.qvit.runtime.internal.SwinGraph;
import io.qvit.runtime.internal.VitGraph;
import io.qvit.runtime.internal.WeightSpec;
import io.qvit.runtime.internal.WorkerPool;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link VisionModel} compiled for float32 execution: weights validated and packed for the
 * Vector API matrix kernel, activation workspaces reused between calls.
 *
 * <p>Supported: timm {@code vit_*} / {@code deit_*} (class token; distilled DeiT averages its two
 * heads) and {@code swin_*} (timm 0.9 layout), any depth, width, heads, patch and image size.
 *
 * <p>Activation sites and the tensor shape an {@link ActivationHook} sees there ({@code B} batch,
 * {@code T} tokens, {@code D} width, {@code H} heads, {@code d} head width, {@code F} MLP width;
 * Swin attention runs per window, so its {@code B} is batch x windows and {@code T} the window
 * area):
 * <ul>
 *   <li>{@code patch_embed.input} (scope {@code ""}): the images {@code [B, C, H, W]}</li>
 *   <li>{@code norm.input}: residual stream entering the block's first LayerNorm {@code [B, T, D]};
 *       scope {@code ""}: entering the final norm; Swin {@code patch_embed}: the patch embedding
 *       before its norm; Swin {@code layers.N.downsample}: the merged {@code [B, T/4, 4D]}</li>
 *   <li>{@code qkv.input} {@code [B, T, D]}; {@code attn.q}, {@code attn.k}, {@code attn.v}
 *       {@code [B, H, T, d]} (q unscaled); {@code softmax.input} (scaled logits plus relative
 *       position bias and shift mask) and {@code attn.probs} {@code [B, H, T, T]};
 *       {@code proj.input} {@code [B, T, D]}</li>
 *   <li>{@code residual}: the stream after the attention residual add {@code [B, T, D]}</li>
 *   <li>{@code fc1.input} {@code [B, T, D]}; {@code gelu.input} and {@code fc2.input} {@code [B, T, F]}</li>
 *   <li>{@code reduction.input} (Swin {@code layers.N.downsample}): the normed merged patches</li>
 *   <li>{@code head.input} (scope {@code ""}; distilled DeiT also scope {@code head_dist}): the
 *       pooled features {@code [B, D]}</li>
 * </ul>
 *
 * <p>A model is safe to share between threads; forward passes on one model run one at a time.
 */
public final class CompiledModel {
    private final VisionModel model;
    private final RuntimeOptions options;
    private final Graph graph;

    private CompiledModel(VisionModel model, RuntimeOptions options) {
        this.model = model;
        this.options = options;
        WeightSpec.validate(model);
        WorkerPool pool = WorkerPool.shared(options.threads());
        this.graph = model.config().family() == ArchitectureFamily.SWIN
                ? new SwinGraph(model, pool) : new VitGraph(model, pool);
    }

    /**
     * Validates {@code model}'s weights and builds its graph with one thread per processor.
     *
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped tensor
     */
    public static CompiledModel build(VisionModel model) {
        return build(model, RuntimeOptions.defaults());
    }

    /**
     * Validates {@code model}'s weights and builds its graph.
     *
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped tensor
     */
    public static CompiledModel build(VisionModel model, RuntimeOptions options) {
        return new CompiledModel(Objects.requireNonNull(model, "model"), Objects.requireNonNull(options, "options"));
    }

    /** The tensors (timm key to shape) a model of this architecture must hold, in module order. */
    public static Map<String, List<Integer>> expectedWeights(ModelConfig config) {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        WeightSpec.expected(config).forEach((k, v) -> m.put(k, Arrays.stream(v).boxed().toList()));
        return m;
    }

    /** The model this was built from. */
    public VisionModel model() {
        return model;
    }

    /** The architecture. */
    public ModelConfig config() {
        return model.config();
    }

    /** The execution options. */
    public RuntimeOptions options() {
        return options;
    }

    /**
     * The float32 forward pass of a batch {@code [B, C, H, W]} (preprocessed images).
     *
     * @return logits {@code [B, classes]} (pooled features {@code [B, D]} if the model has no head)
     */
    public Tensor forward(Tensor images) {
        return graph.forward(images, null);
    }

    /**
     * The forward pass with {@code hook} called at every activation site, in the order of
     * {@link #activationSites()}. A null hook runs the plain float path (no hook overhead);
     * {@link ActivationHook#IDENTITY} gives bit-identical logits.
     */
    public Tensor forward(Tensor images, ActivationHook hook) {
        return graph.forward(images, hook);
    }

    /** Every quantization site, activations and weights, in execution order (a weight follows its input). */
    public List<QuantSite> sites() {
        return graph.sites();
    }

    /** The activation sites, in the order a hook sees them. */
    public List<QuantSite> activationSites() {
        return graph.sites().stream().filter(s -> !s.role().isWeight()).toList();
    }

    /** The weight sites with the timm keys of the tensors they quantize, in execution order. */
    public List<WeightSite> weightSites() {
        return graph.weightSites();
    }

    /**
     * A model with some tensors replaced (for example fake-quantized weights or reparameterized
     * LayerNorms), validated and re-packed; this model is unchanged.
     *
     * @param replacements tensors by timm key; each key must exist with the same shape
     * @throws IllegalArgumentException on an unknown key or a changed shape
     */
    public CompiledModel withWeights(Map<String, Tensor> replacements) {
        Map<String, Tensor> merged = new LinkedHashMap<>(model.weights());
        for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
            Tensor old = merged.get(e.getKey());
            if (old == null) {
                throw new IllegalArgumentException(config().architecture() + ": no tensor " + e.getKey() + " to replace");
            }
            if (!Arrays.equals(old.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(config().architecture() + ": replacement " + e.getKey()
                        + " has shape " + Arrays.toString(e.getValue().shape()) + ", expected "
                        + Arrays.toString(old.shape()));
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new CompiledModel(model.withWeights(merged), options);
    }

    /** Floating-point operations of one image's forward pass (2 per multiply-add of every matrix product). */
    public long flopsPerImage() {
        return graph.flopsPerImage();
    }
}
