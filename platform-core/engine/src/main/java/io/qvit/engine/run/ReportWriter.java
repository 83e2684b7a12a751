package io.qvit.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Renders a run's results as {@code report.md}: the same content as {@code results.json}, as tables. */
final class ReportWriter {
    private ReportWriter() {
    }

    static String render(JsonNode results, JsonNode resolvedExperiment, Map<String, Object> provenance) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(results.path("experiment").asText()).append("\n\n");
        md.append("Model `").append(results.path("model").path("architecture").asText()).append("`, checkpoint `")
                .append(results.path("model").path("checkpoint").asText()).append("`.\n\n");

        boolean integer = results.path("integer").isObject();
        md.append("## Accuracy\n\n| set | images | fp32 top-1 | fp32 top-5 | quantized top-1 | quantized top-5 | Δ top-1 |")
                .append(integer ? " simulated integer top-1 | integer top-1 | integer top-5 | Δ top-1 | top-1 agreement"
                        + " integer/quantized | top-1 agreement integer/simulated |\n" : "\n")
                .append("|---|---:|---:|---:|---:|---:|---:|").append(integer ? "---:|---:|---:|---:|---:|---:|\n" : "\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = results.path("sets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode s = e.getValue();
            JsonNode q = s.path("quantized");
            double f1 = s.path("fp32").path("top1").asDouble();
            md.append("| ").append(e.getKey()).append(" | ").append(s.path("images").asLong())
                    .append(" | ").append(pct(f1)).append(" | ").append(pct(s.path("fp32").path("top5").asDouble()));
            if (q.isObject()) {
                double q1 = q.path("top1").asDouble();
                md.append(" | ").append(pct(q1)).append(" | ").append(pct(q.path("top5").asDouble()))
                        .append(" | ").append(String.format(Locale.ROOT, "%+.2f", 100 * (q1 - f1)));
            } else {
                md.append(" | – | – | –");
            }
            if (integer) {
                JsonNode in = s.path("integer");
                double i1 = in.path("top1").asDouble();
                JsonNode agree = in.path("top1_agreement_with_quantized");
                JsonNode agreeSim = in.path("top1_agreement_with_simulated_integer");
                md.append(" | ").append(pct(s.path("simulated_integer").path("top1").asDouble()))
                        .append(" | ").append(pct(i1)).append(" | ").append(pct(in.path("top5").asDouble()))
                        .append(" | ").append(String.format(Locale.ROOT, "%+.2f", 100 * (i1 - f1)))
                        .append(" | ").append(agree.isNumber() ? pct(agree.asDouble()) : "–")
                        .append(" | ").append(agreeSim.isNumber() ? pct(agreeSim.asDouble()) : "–");
            }
            md.append(" |\n");
            if (s.path("skipped").size() > 0) {
                md.append("\nSkipped in ").append(e.getKey()).append(": ").append(s.path("skipped")).append("\n\n");
            }
        }

        if (integer) {
            md.append("\nquantized: fake-quant simulation (float softmax, GELU, LayerNorm); simulated integer: the same with"
                    + " the integer kernel's softmax and GELU (").append(results.path("integer").path("kernel").asText())
                    .append("); integer: integer-only inference. Agreement: share of images with the same top-1 class.\n");
        }

        JsonNode size = results.path("model_size_bytes");
        if (size.isObject()) {
            long fp = size.path("fp32").asLong();
            long q = size.path("quantized").asLong();
            md.append("\n## Model size\n\n| | bytes | ratio |\n|---|---:|---:|\n")
                    .append("| float32 | ").append(fp).append(" | 1.00 |\n")
                    .append("| quantized | ").append(q).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", (double) q / fp)).append(" |\n");
            if (size.has("integer")) {
                long in = size.path("integer").asLong();
                md.append("| integer (int8 weights, int32 biases) | ").append(in).append(" | ")
                        .append(String.format(Locale.ROOT, "%.3f", (double) in / fp)).append(" |\n");
            }
        }

        md.append(AllocationReport.render(results));

        JsonNode sites = results.path("sites");
        if (sites.isArray() && sites.size() > 0) {
            md.append("\n## Sites\n\nOn the first ").append(results.path("calibration").path("analysis_images").asInt())
                    .append(" calibration images. Local SQNR: a site's own quantization (its input against its output "
                            + "in the quantized model). SQNR and cosine: the quantized model's tensor at the site against "
                            + "the float model's (accumulated error).\n\n")
                    .append("| site | quantizer | bits | granularity | scale min | scale mean | scale max | local SQNR dB "
                            + "| SQNR dB | cosine |\n|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode s : sites) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.3g | %.3g | %.3g | %.2f | %.2f | %.5f |%n",
                        s.path("site").asText(), s.path("quantizer").asText(), s.path("bits").asInt(),
                        s.path("granularity").asText(), s.path("scaleMin").asDouble(), s.path("scaleMean").asDouble(),
                        s.path("scaleMax").asDouble(), s.path("localSqnrDb").asDouble(), s.path("sqnrDb").asDouble(),
                        s.path("cosine").asDouble()));
            }
        }

        md.append("\n## Timings (seconds)\n\n| stage | seconds |\n|---|---:|\n");
        results.path("timings").fields().forEachRemaining(e -> md.append("| ").append(e.getKey()).append(" | ")
                .append(String.format(Locale.ROOT, "%.2f", e.getValue().asDouble())).append(" |\n"));

        md.append("\n## Resolved experiment\n\nSHA-256 `").append(results.path("config_hash").asText())
                .append("`\n\n```yaml\n").append(yaml(resolvedExperiment)).append("```\n");
        md.append("\n## Provenance\n\n");
        provenance.forEach((k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
        return md.toString();
    }

    private static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String yaml(JsonNode node) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
