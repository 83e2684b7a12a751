package io.qvit.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A timm ViT as an ND4J SameDiff graph whose trainable variables carry timm's state-dict names and
 * layouts ({@code patch_embed.proj.weight [D, C, p, p]}, {@code blocks.N.attn.qkv.weight [3D, D]},
 * ...), so that the parameters written by {@link SafetensorsWriter} load into the qvit runtime
 * unchanged. The forward pass follows timm's {@code VisionTransformer}: patchify (a stride-p
 * convolution as a matrix product), prepend the class token, add {@code pos_embed}, pre-norm blocks
 * (qkv split as {@code reshape(B, N, 3, H, d).permute(2, 0, 3, 1, 4)}, softmax(q k^T / sqrt(d)) v,
 * proj; fc1, erf GELU, fc2), final LayerNorm (eps 1e-6), head on the class token.
 *
 * <p>Placeholders: {@value #INPUT} {@code [B, C, H, W]} float32 and {@value #LABELS} {@code [B]}
 * int32; outputs {@value #LOGITS} {@code [B, classes]} and the scalar mean cross-entropy {@value #LOSS}.
 * The graph is the reusable part of qvit's gradient machinery: other losses (for example a block's
 * reconstruction error) can be added to {@link #sameDiff()} over the same variables.
 */
public final class SameDiffVit {
    /** Name of the image placeholder. */
    public static final String INPUT = "input";
    /** Name of the label placeholder. */
    public static final String LABELS = "labels";
    /** Name of the logits output. */
    public static final String LOGITS = "logits";
    /** Name of the loss output. */
    public static final String LOSS = "loss";

    private final VitArchitecture arch;
    private final SameDiff sd;

    private SameDiffVit(VitArchitecture arch, Map<String, INDArray> parameters) {
        this.arch = arch;
        this.sd = SameDiff.create();
        build(parameters);
    }

    /**
     * A model with timm's initialisation drawn from {@code seed}: weights, {@code pos_embed} and
     * {@code cls_token} from a normal distribution of std 0.02 truncated to ±2 std ({@code cls_token}
     * std 1e-6), biases 0, LayerNorm gains 1. The same seed gives the same values on every machine.
     */
    public static SameDiffVit initialized(VitArchitecture arch, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, INDArray> p = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : arch.parameterShapes().entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[(int) count(shape)];
            if (name.endsWith(".bias")) {
                // zeros
            } else if (name.contains("norm")) {
                java.util.Arrays.fill(v, 1f);
            } else {
                double std = name.equals("cls_token") ? 1e-6 : 0.02;
                for (int i = 0; i < v.length; i++) {
                    double g;
                    do {
                        g = gaussian(random);
                    } while (Math.abs(g) > 2);
                    v[i] = (float) (g * std);
                }
            }
            p.put(name, Nd4j.create(v, shape, 'c'));
        }
        return new SameDiffVit(arch, p);
    }

    /** A model with the given parameters (timm names and shapes, as {@link #parameters()} returns them). */
    public static SameDiffVit of(VitArchitecture arch, Map<String, INDArray> parameters) {
        for (Map.Entry<String, long[]> e : arch.parameterShapes().entrySet()) {
            INDArray a = parameters.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing parameter " + e.getKey());
            }
            if (!java.util.Arrays.equals(a.shape(), e.getValue())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + " has shape " + java.util.Arrays.toString(a.shape())
                        + ", expected " + java.util.Arrays.toString(e.getValue()));
            }
        }
        return new SameDiffVit(arch, parameters);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller on the seeded stream (java.util.Random's nextGaussian is not splittable-seeded)
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** The architecture. */
    public VitArchitecture architecture() {
        return arch;
    }

    /** The graph (for training configuration, extra losses or outputs). */
    public SameDiff sameDiff() {
        return sd;
    }

    /** The current parameters by timm name, in state-dict order (the live arrays, not copies). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : arch.parameterShapes().keySet()) {
            out.put(name, sd.getVariable(name).getArr());
        }
        return out;
    }

    /** Logits {@code [B, classes]} for images {@code [B, C, H, W]}. */
    public INDArray logits(INDArray images) {
        return sd.outputSingle(Map.of(INPUT, images), LOGITS);
    }

    private void build(Map<String, INDArray> p) {
        int c = arch.inChannels();
        int g = arch.grid();
        int ps = arch.patchSize();
        int n = g * g;
        int t = arch.tokens();
        int d = arch.embedDim();
        int k = c * ps * ps;
        Map<String, SDVariable> v = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : p.entrySet()) {
            v.put(e.getKey(), sd.var(e.getKey(), e.getValue().castTo(DataType.FLOAT).dup('c')));
        }
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, c, arch.imageSize(), arch.imageSize());
        SDVariable labels = sd.placeHolder(LABELS, DataType.INT, -1);
        // im2col of a stride-p convolution: [B, C, g, p, g, p] -> [B, g, g, C, p, p] -> [B*N, C*p*p]
        SDVariable patches = sd.reshape(sd.permute(sd.reshape(x, -1, c, g, ps, g, ps), 0, 2, 4, 1, 3, 5), -1, k);
        SDVariable kernel = sd.reshape(v.get("patch_embed.proj.weight"), d, k);
        SDVariable tokens = sd.reshape(sd.mmul(patches, kernel, false, true, false).add(v.get("patch_embed.proj.bias")), -1, n, d);
        SDVariable first = tokens.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all());
        SDVariable cls = sd.zerosLike(first).add(v.get("cls_token"));
        SDVariable h = sd.concat(1, cls, tokens).add(v.get("pos_embed"));
        for (int i = 0; i < arch.depth(); i++) {
            h = block(h, v, "blocks." + i + ".", t, d);
        }
        h = layerNorm(h, v.get("norm.weight"), v.get("norm.bias"));
        SDVariable pooled = h.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        SDVariable logits = sd.mmul(pooled, v.get("head.weight"), false, true, false).add(LOGITS, v.get("head.bias"));
        SDVariable perExample = sd.loss.sparseSoftmaxCrossEntropy(logits, labels);
        sd.mean(LOSS, perExample);
        sd.setLossVariables(LOSS);
    }

    private SDVariable block(SDVariable x, Map<String, SDVariable> v, String b, int t, int d) {
        int heads = arch.numHeads();
        int hd = arch.headDim();
        SDVariable y = sd.reshape(layerNorm(x, v.get(b + "norm1.weight"), v.get(b + "norm1.bias")), -1, d);
        SDVariable qkv = linear(y, v.get(b + "attn.qkv.weight"), v.get(b + "attn.qkv.bias"));
        SDVariable split = sd.permute(sd.reshape(qkv, -1, t, 3, heads, hd), 2, 0, 3, 1, 4);
        SDVariable[] parts = sd.unstack(split, 0, 3);
        SDVariable q = sd.reshape(parts[0], -1, t, hd).mul(1.0 / Math.sqrt(hd));
        SDVariable kk = sd.reshape(parts[1], -1, t, hd);
        SDVariable vv = sd.reshape(parts[2], -1, t, hd);
        SDVariable probs = sd.nn.softmax(sd.mmul(q, kk, false, true, false), 2);
        SDVariable o = sd.reshape(sd.permute(sd.reshape(sd.mmul(probs, vv), -1, heads, t, hd), 0, 2, 1, 3), -1, d);
        o = linear(o, v.get(b + "attn.proj.weight"), v.get(b + "attn.proj.bias"));
        x = x.add(sd.reshape(o, -1, t, d));
        SDVariable z = sd.reshape(layerNorm(x, v.get(b + "norm2.weight"), v.get(b + "norm2.bias")), -1, d);
        z = gelu(linear(z, v.get(b + "mlp.fc1.weight"), v.get(b + "mlp.fc1.bias")));
        z = linear(z, v.get(b + "mlp.fc2.weight"), v.get(b + "mlp.fc2.bias"));
        return x.add(sd.reshape(z, -1, t, d));
    }

    private SDVariable linear(SDVariable x, SDVariable w, SDVariable bias) {
        return sd.mmul(x, w, false, true, false).add(bias);
    }

    /** LayerNorm over the last axis with timm's eps, written out so the eps is exact. */
    private SDVariable layerNorm(SDVariable x, SDVariable gain, SDVariable bias) {
        SDVariable centered = x.sub(x.mean(true, 2));
        SDVariable var = centered.mul(centered).mean(true, 2);
        return centered.div(sd.math.sqrt(var.add(VitArchitecture.LAYER_NORM_EPS))).mul(gain).add(bias);
    }

    /** timm's default GELU: {@code 0.5 x (1 + erf(x / sqrt 2))}. */
    private SDVariable gelu(SDVariable x) {
        return x.mul(0.5).mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    }
}
