package io.qvit.launcher.internal.cli;

import io.qvit.api.quant.SiteRule;
import io.qvit.engine.experiment.ExperimentChecker;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.MatrixCell;
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
        return checked(reader.problems(file), () -> reader.read(file), plugins, err);
    }

    /** How an experiment is read once its file passed the schema. */
    @FunctionalInterface
    private interface Read {
        ExperimentFile get() throws ExperimentException;
    }

    /**
     * Prints {@code problems}, or else reads the experiment and checks it against the plugins and
     * the file system, printing those problems.
     *
     * @return the experiment, or null if there was any problem
     */
    private static ExperimentFile checked(List<ExperimentException> problems, Read read, PluginCatalog plugins,
                                          PrintWriter err) {
        ExperimentFile experiment = null;
        if (problems.isEmpty()) {
            try {
                experiment = read.get();
                problems = new ExperimentChecker(plugins).check(experiment);
            } catch (ExperimentException e) {
                problems = List.of(e);
            }
        }
        problems.forEach(p -> err.println(p.getMessage()));
        err.flush();
        return problems.isEmpty() ? experiment : null;
    }

    /**
     * Reads every cell of {@code file} (one, without id, for a file without a matrix) and checks
     * each against the installed plugins and the file system. Every problem is printed once as one
     * line on {@code err}.
     *
     * @return the cells, or null if there was any problem
     */
    static List<MatrixCell> readAndCheckCells(ExperimentReader reader, Path file, PluginCatalog plugins, PrintWriter err) {
        List<ExperimentException> problems = reader.problems(file);
        List<MatrixCell> cells = null;
        if (problems.isEmpty()) {
            try {
                cells = reader.cells(file);
                java.util.Set<String> seen = new java.util.LinkedHashSet<>();
                for (MatrixCell c : cells) {
                    for (ExperimentException e : new ExperimentChecker(plugins).check(c.file())) {
                        seen.add(e.getMessage());
                    }
                }
                seen.forEach(err::println);
                err.flush();
                return seen.isEmpty() ? cells : null;
            } catch (ExperimentException e) {
                problems = List.of(e);
            }
        }
        problems.forEach(p -> err.println(p.getMessage()));
        err.flush();
        return null;
    }

    /**
     * Reads the cell {@code id} of the matrix {@code file} and checks it like {@link #readAndCheck}.
     *
     * @return the cell's experiment, or null if there was any problem
     */
    static ExperimentFile readAndCheckCell(ExperimentReader reader, Path file, String id, PluginCatalog plugins,
                                           PrintWriter err) {
        return checked(List.of(), () -> reader.cell(file, id), plugins, err);
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
