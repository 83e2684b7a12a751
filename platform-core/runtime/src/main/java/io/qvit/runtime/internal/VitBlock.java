package io.qvit.runtime.internal;

import io.qvit.api.model.VisionModel;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.runtime.WeightSite;
import java.util.List;

/**
 * One pre-norm transformer block's parameters (LayerNorms, packed qkv/proj/fc1/fc2), shared by
 * ViT blocks ({@code blocks.N}) and Swin blocks ({@code layers.S.blocks.N}).
 */
final class VitBlock {
    final String scope;
    final float[] norm1Weight;
    final float[] norm1Bias;
    final Linear qkv;
    final Linear proj;
    final float[] norm2Weight;
    final float[] norm2Bias;
    final Linear fc1;
    final Linear fc2;
    private final String prefix;

    private VitBlock(String scope, String prefix, float[] n1w, float[] n1b, Linear qkv, Linear proj,
            float[] n2w, float[] n2b, Linear fc1, Linear fc2) {
        this.scope = scope;
        this.prefix = prefix;
        this.norm1Weight = n1w;
        this.norm1Bias = n1b;
        this.qkv = qkv;
        this.proj = proj;
        this.norm2Weight = n2w;
        this.norm2Bias = n2b;
        this.fc1 = fc1;
        this.fc2 = fc2;
    }

    /** Reads and packs the block under key prefix {@code prefix} (for example {@code blocks.3.}). */
    static VitBlock of(VisionModel m, String scope, String prefix, int dim, int hidden) {
        String qkvBias = prefix + "attn.qkv.bias";
        return new VitBlock(scope, prefix,
                VitGraph.w(m, prefix + "norm1.weight"), VitGraph.w(m, prefix + "norm1.bias"),
                new Linear(VitGraph.w(m, prefix + "attn.qkv.weight"),
                        m.weights().containsKey(qkvBias) ? VitGraph.w(m, qkvBias) : null, 3 * dim, dim),
                new Linear(VitGraph.w(m, prefix + "attn.proj.weight"), VitGraph.w(m, prefix + "attn.proj.bias"), dim, dim),
                VitGraph.w(m, prefix + "norm2.weight"), VitGraph.w(m, prefix + "norm2.bias"),
                new Linear(VitGraph.w(m, prefix + "mlp.fc1.weight"), VitGraph.w(m, prefix + "mlp.fc1.bias"), hidden, dim),
                new Linear(VitGraph.w(m, prefix + "mlp.fc2.weight"), VitGraph.w(m, prefix + "mlp.fc2.bias"), dim, hidden));
    }

    /** Appends this block's sites in execution order. */
    void addSites(List<QuantSite> s, List<WeightSite> ws, VisionModel m) {
        s.add(new QuantSite(scope, SiteRole.NORM_INPUT));
        s.add(new QuantSite(scope, SiteRole.QKV_INPUT));
        VitGraph.weight(s, ws, m, scope, SiteRole.QKV_WEIGHT, prefix + "attn.qkv.weight");
        s.add(new QuantSite(scope, SiteRole.ATTN_Q));
        s.add(new QuantSite(scope, SiteRole.ATTN_K));
        s.add(new QuantSite(scope, SiteRole.ATTN_V));
        s.add(new QuantSite(scope, SiteRole.SOFTMAX_INPUT));
        s.add(new QuantSite(scope, SiteRole.ATTN_PROBS));
        s.add(new QuantSite(scope, SiteRole.PROJ_INPUT));
        VitGraph.weight(s, ws, m, scope, SiteRole.PROJ_WEIGHT, prefix + "attn.proj.weight");
        s.add(new QuantSite(scope, SiteRole.RESIDUAL));
        s.add(new QuantSite(scope, SiteRole.FC1_INPUT));
        VitGraph.weight(s, ws, m, scope, SiteRole.FC1_WEIGHT, prefix + "mlp.fc1.weight");
        s.add(new QuantSite(scope, SiteRole.GELU_INPUT));
        s.add(new QuantSite(scope, SiteRole.FC2_INPUT));
        VitGraph.weight(s, ws, m, scope, SiteRole.FC2_WEIGHT, prefix + "mlp.fc2.weight");
    }
}
