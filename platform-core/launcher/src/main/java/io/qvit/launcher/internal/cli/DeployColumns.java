package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** The deploy stage's part of a row of {@code qvit run}'s table: backend top-1 and agreements. */
final class DeployColumns {
    private DeployColumns() {
    }

    /**
     * {@code  | deploy fp32 top1 (agree) | deploy quant top1 (agree with fake-quant)} and the agreement of
     * fake-quant with itself one ulp apart (the baseline of two float implementations) for one set's
     * {@code deploy} entry.
     */
    static String of(JsonNode deploy) {
        StringBuilder sb = new StringBuilder("  | deployed");
        JsonNode f = deploy.path("fp32");
        sb.append(String.format(Locale.ROOT, " fp32 %.2f%% (agree %s)", 100 * f.path("top1").asDouble(),
                percent(f.path("top1_agreement_with_fp32"))));
        JsonNode q = deploy.path("quantized");
        if (q.isObject()) {
            sb.append(String.format(Locale.ROOT, ", quant %.2f%% (agree with fake-quant %s)",
                    100 * q.path("top1").asDouble(), percent(q.path("top1_agreement_with_quantized"))));
        }
        JsonNode c = deploy.path("quantized_ulp_control");
        if (c.isObject()) {
            sb.append(String.format(Locale.ROOT, "; fake-quant one ulp apart agrees %s",
                    percent(c.path("top1_agreement_with_quantized"))));
        }
        return sb.toString();
    }

    private static String percent(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.2f%%", 100 * v.asDouble()) : "-";
    }
}
