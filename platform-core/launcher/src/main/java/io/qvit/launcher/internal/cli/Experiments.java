package io.qvit.launcher.internal.cli;

import io.qvit.api.quant.SiteRule;
import io.qvit.engine.experiment.ExperimentChecker;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.plugins.PluginCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared helpers of the commands that read experiment files. */
final class Experiments {
    private Experiments() {
    }

    /**
     * Reads {@code file} and checks it against the installed plugins and the file system. Every
     * problem is printed as one line on {@code err}.
     *
     * @return the experiment, or null if there was any problem
     */
    static ExperimentFile readAndCheck(ExperimentReader reader, Path file, PluginCatalog plugins, PrintWriter err) {
        List<ExperimentException> problems = reader.problems(file);
        ExperimentFile experiment = null;
        if (problems.isEmpty()) {
            try {
                experiment = reader.read(file);
                problems = new ExperimentChecker(plugins).check(experiment);
            } catch (ExperimentException e) {
                problems = List.of(e);
            }
        }
        problems.forEach(p -> err.println(p.getMessage()));
        err.flush();
        return problems.isEmpty() ? experiment : null;
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
