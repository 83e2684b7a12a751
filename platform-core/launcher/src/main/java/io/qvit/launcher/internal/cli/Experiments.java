package io.qvit.launcher.internal.cli;

import io.qvit.api.quant.SiteRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers of the commands that read experiment files. */
final class Experiments {
    private Experiments() {
    }

    /** A site rule as the snake_case map the experiment file uses, without unset fields. */
    static Map<String, Object> ruleMap(SiteRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        putIf(m, "quantizer", r.quantizer());
        putIf(m, "bits", r.bits());
        putIf(m, "granularity", r.granularity());
        putIf(m, "symmetric", r.symmetric());
        putIf(m, "init", r.init());
        putIf(m, "enabled", r.enabled());
        if (!r.options().isEmpty()) {
            m.put("options", r.options());
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
