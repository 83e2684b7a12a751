package io.qvit.engine.quant;

import io.qvit.api.quant.QuantParams;
import io.qvit.api.quant.QuantSite;
import io.qvit.api.quant.TensorQuantizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fitted parameters of every quantized site of a {@link QuantizedModel}, for
 * {@code quant_params.json} in the run folder: one entry per site in execution order (weights
 * first, then activations), with the quantizer, bits, granularity, every scale and zero point
 * (one per group) and the quantizer's {@code extra} map (sorted by key). Used to compare the fitted
 * values with another implementation (e.g. the authors' code of a method) site by site.
 */
public final class QuantParamsExport {
    private QuantParamsExport() {
    }

    /**
     * The entries, in the plan's site order (weight sites, then activation sites).
     *
     * @param model a calibrated model
     * @return one map per quantized site: {@code site}, {@code quantizer}, {@code bits},
     *     {@code granularity}, {@code scale}, {@code zero_point}, {@code extra}
     */
    public static List<Map<String, Object>> of(QuantizedModel model) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SitePlan p : model.plan()) {
            TensorQuantizer q = model.weightQuantizers().get(p.site());
            if (q != null) {
                out.add(entry(p.site(), p.quantizer(), q));
            }
        }
        for (SitePlan p : model.plan()) {
            TensorQuantizer q = model.activationQuantizers().get(p.site());
            if (q != null) {
                out.add(entry(p.site(), p.quantizer(), q));
            }
        }
        return out;
    }

    private static Map<String, Object> entry(QuantSite site, String quantizer, TensorQuantizer q) {
        QuantParams params = q.params();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("site", site.id());
        e.put("quantizer", quantizer);
        e.put("implementation", q.getClass().getSimpleName());
        e.put("bits", params.bits());
        e.put("granularity", params.granularity().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        e.put("scale", params.scale().data());
        e.put("zero_point", params.zeroPoint().data());
        e.put("extra", new TreeMap<>(params.extra()));
        return e;
    }
}
