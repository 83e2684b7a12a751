package io.qvit.runtime.internal;

import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.runtime.ActivationHook;

/**
 * The hooked attention path's first step, shared by ViT and Swin: splits the fused qkv projection
 * {@code [items, tokens, 3 * heads * headDim]} into per-head q, k and v {@code [items, heads,
 * tokens, headDim]} and lets the hook see (and replace) each of them.
 */
final class HeadSplit {
    private HeadSplit() {
    }

    static void splitAndHook(WorkerPool pool, float[] qkv, float[] q, float[] k, float[] v, int items, int heads,
                             int tokens, int headDim, ActivationHook hook, String scope) {
        int dim = heads * headDim;
        int ld = 3 * dim;
        int seq = tokens * headDim;
        pool.run(items * heads, (task, worker) -> {
            int item = task / heads;
            int h = task % heads;
            for (int t = 0; t < tokens; t++) {
                int src = (item * tokens + t) * ld + h * headDim;
                int dst = task * seq + t * headDim;
                System.arraycopy(qkv, src, q, dst, headDim);
                System.arraycopy(qkv, src + dim, k, dst, headDim);
                System.arraycopy(qkv, src + 2 * dim, v, dst, headDim);
            }
        });
        Hooks.call(hook, new QuantSite(scope, SiteRole.ATTN_Q), q, items, heads, tokens, headDim);
        Hooks.call(hook, new QuantSite(scope, SiteRole.ATTN_K), k, items, heads, tokens, headDim);
        Hooks.call(hook, new QuantSite(scope, SiteRole.ATTN_V), v, items, heads, tokens, headDim);
    }
}
