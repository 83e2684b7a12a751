package io.qvit.launcher.internal.cli;

import io.qvit.api.deploy.CalibratedModel;
import io.qvit.api.deploy.DeploySite;
import io.qvit.api.quant.Granularity;
import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.SiteRole;
import io.qvit.api.tensor.Tensor;
import io.qvit.runtime.CompiledModel;
import io.qvit.runtime.WeightSite;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin-free W8A8 calibration for {@code qvit bench --backend}: the common protocol's sites
 * (linear and attention-matmul inputs, the image input) with asymmetric uint8 per-tensor minmax
 * ranges over one batch, and symmetric int8 per-channel weights (the layout integer CPU kernels
 * prefer). Speed does not depend on the scale values; experiments calibrate with plugins.
 */
final class BenchCalibration {
    private static final Set<SiteRole> ACTIVATIONS = EnumSet.of(SiteRole.PATCH_EMBED_INPUT, SiteRole.QKV_INPUT,
            SiteRole.ATTN_Q, SiteRole.ATTN_K, SiteRole.ATTN_V, SiteRole.ATTN_PROBS, SiteRole.PROJ_INPUT,
            SiteRole.FC1_INPUT, SiteRole.FC2_INPUT, SiteRole.HEAD_INPUT);

    private BenchCalibration() {
    }

    /** Calibrates {@code model} on {@code images}. */
    static CalibratedModel of(CompiledModel model, Tensor images) {
        Map<QuantSite, float[]> range = new HashMap<>();
        model.forward(images, (site, x) -> {
            if (ACTIVATIONS.contains(site.role())) {
                float[] r = range.computeIfAbsent(site, s -> new float[] {0f, 0f});
                for (float v : x.data()) {
                    r[0] = Math.min(r[0], v);
                    r[1] = Math.max(r[1], v);
                }
            }
            return x;
        });
        List<DeploySite> sites = new ArrayList<>();
        Map<String, Tensor> weights = new LinkedHashMap<>(model.model().weights());
        for (WeightSite ws : model.weightSites()) {
            Tensor w = model.model().weight(ws.key());
            int rows = w.dim(0);
            int per = w.size() / rows;
            float[] s = new float[rows];
            float[] q = new float[w.size()];
            for (int r = 0; r < rows; r++) {
                float m = 0;
                for (int i = 0; i < per; i++) {
                    m = Math.max(m, Math.abs(w.data()[r * per + i]));
                }
                s[r] = m == 0 ? 1f : m / 127;
                for (int i = 0; i < per; i++) {
                    float c = (float) Math.max(-128, Math.min(127, Math.rint(w.data()[r * per + i] / s[r])));
                    q[r * per + i] = c * s[r];
                }
            }
            weights.put(ws.key(), Tensor.of(q, w.shape()));
            sites.add(new DeploySite(ws.site(), "bench", new QuantParams(8, Granularity.PER_CHANNEL, Tensor.of(s, rows),
                    Tensor.of(new float[rows], rows), Map.of("qmin", -128, "qmax", 127))));
        }
        for (QuantSite site : model.sites()) {
            float[] r = range.get(site);
            if (r == null) {
                continue;
            }
            float s = r[1] > r[0] ? (r[1] - r[0]) / 255 : 1f;
            float z = (float) Math.max(0, Math.min(255, Math.rint(-r[0] / s)));
            sites.add(new DeploySite(site, "bench", new QuantParams(8, Granularity.PER_TENSOR,
                    Tensor.of(new float[] {s}, 1), Tensor.of(new float[] {z}, 1), Map.of("qmin", 0, "qmax", 255))));
        }
        return new CalibratedModel(model.model(), model.model().withWeights(weights), sites,
                Map.of("calibration", "qvit bench: uint8 per-tensor minmax activations, int8 per-channel weights"));
    }
}
