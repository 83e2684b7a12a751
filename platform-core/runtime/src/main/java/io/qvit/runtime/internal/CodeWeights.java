package io.qvit.runtime.internal;

import io.qvit.api.model.ArchitectureFamily;
import io.qvit.api.model.ModelConfig;
import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The weights of the integer simulation's code model: every linear layer's int8 weight codes and
 * int32 biases as integer-valued floats (a classifier head's times {@code s_w[c]·s_x}, so that it
 * computes the real logits), the token and position tables zeroed (the simulation adds their
 * integer codes itself), and the worst-case |partial sum| of the layers' accumulators.
 */
public final class CodeWeights {
    private final Map<String, Tensor> codes = new LinkedHashMap<>();
    private long accumulatorBound;

    /** The code weights of ViT/DeiT {@code m} on the integer path's grids {@code scales}. */
    public CodeWeights(VisionModel m, IntSiteScales scales) {
        ModelConfig config = m.config();
        boolean distilled = config.family() == ArchitectureFamily.DEIT_DISTILLED;
        layer(m, scales, "", SiteRole.PATCH_EMBED_WEIGHT, SiteRole.PATCH_EMBED_INPUT, "patch_embed.proj", false);
        for (int i = 0; i < config.depth(); i++) {
            String scope = "blocks." + i;
            layer(m, scales, scope, SiteRole.QKV_WEIGHT, SiteRole.QKV_INPUT, scope + ".attn.qkv", false);
            layer(m, scales, scope, SiteRole.PROJ_WEIGHT, SiteRole.PROJ_INPUT, scope + ".attn.proj", false);
            layer(m, scales, scope, SiteRole.FC1_WEIGHT, SiteRole.FC1_INPUT, scope + ".mlp.fc1", false);
            layer(m, scales, scope, SiteRole.FC2_WEIGHT, SiteRole.FC2_INPUT, scope + ".mlp.fc2", false);
        }
        layer(m, scales, "", SiteRole.HEAD_WEIGHT, SiteRole.HEAD_INPUT, "head", true);
        if (distilled) {
            layer(m, scales, "head_dist", SiteRole.HEAD_WEIGHT, SiteRole.HEAD_INPUT, "head_dist", true);
        }
        for (String token : distilled ? new String[] {"cls_token", "dist_token", "pos_embed"}
                : new String[] {"cls_token", "pos_embed"}) {
            Tensor t = m.weight(token);
            codes.put(token, Tensor.of(new float[t.size()], t.shape()));
        }
    }

    /** The code model's weights by timm name. */
    public Map<String, Tensor> codes() {
        return codes;
    }

    /** The largest worst-case |partial sum| of the linear layers (weight codes, biases, input grids, plus a 16-bit stream). */
    public long accumulatorBound() {
        return accumulatorBound;
    }

    private void layer(VisionModel m, IntSiteScales scales, String scope, SiteRole weightRole, SiteRole inputRole,
                       String key, boolean head) {
        IntSiteScales.Weight ws = scales.weight(new QuantSite(scope, weightRole));
        IntSiteScales.Activation input = scales.activation(new QuantSite(scope, inputRole));
        double sx = input.scale();
        Tensor weight = m.weight(key + ".weight");
        int out = weight.dim(0);
        int in = weight.size() / out;
        int[] w = IntLinear.weightCodes(weight.data(), ws.scales(), ws.bits(), out, in, key);
        double[] acc = IntLinear.accumulatorScales(ws.scales(), sx, out);
        float[] wf = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            wf[i] = head ? (float) (w[i] * acc[i / in]) : w[i];
        }
        codes.put(key + ".weight", Tensor.of(wf, weight.shape()));
        String biasKey = key + ".bias";
        int[] b = new int[out];
        if (m.weights().containsKey(biasKey)) {
            Tensor bias = m.weight(biasKey);
            b = IntLinear.biasCodes(bias.data(), acc, key);
            float[] bf = new float[out];
            for (int c = 0; c < out; c++) {
                bf[c] = head ? (float) (b[c] * acc[c]) : b[c];
            }
            codes.put(biasKey, Tensor.of(bf, bias.shape()));
        }
        if (!head) {
            bound(w, b, out, in, input.maxAbs());
        }
    }

    private void bound(int[] w, int[] b, int out, int in, long maxInput) {
        for (int c = 0; c < out; c++) {
            long sum = Math.abs((long) b[c]);
            for (int i = 0; i < in; i++) {
                sum += Math.abs((long) w[c * in + i]) * maxInput;
            }
            accumulatorBound = Math.max(accumulatorBound, sum + (1L << 15));
        }
    }
}
