package io.qvit.engine.run;

import io.qvit.engine.quant.SensitivityRow;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a sensitivity analysis as {@code sensitivity.md}. */
final class SensitivityReport {
    private SensitivityReport() {
    }

    static String render(Map<String, Object> doc, List<SensitivityRow> rows) {
        double fp = (Double) doc.get("fp32_top1");
        double all = (Double) doc.get("quantized_top1");
        StringBuilder md = new StringBuilder();
        md.append("# Sensitivity of ").append(doc.get("experiment")).append("\n\n")
                .append(String.format(Locale.ROOT, "%s, first %s images. float32 top-1 %.2f%%, all quantized %.2f%%.%n%n",
                        doc.get("set"), doc.get("images"), 100 * fp, 100 * all))
                .append("Drop = float32 top-1 minus top-1 with only the group quantized; recovery = top-1 with all "
                        + "but the group quantized minus all quantized.\n\n")
                .append("| group | sites | only this group | drop | all but this group | recovery |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (SensitivityRow r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f%% | %+.2f | %.2f%% | %+.2f |%n", r.group(), r.sites(),
                    100 * r.onlyTop1(), 100 * (fp - r.onlyTop1()), 100 * r.complementTop1(),
                    100 * (r.complementTop1() - all)));
        }
        return md.toString();
    }
}
