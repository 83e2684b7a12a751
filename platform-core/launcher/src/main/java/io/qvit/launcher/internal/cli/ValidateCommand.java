package io.qvit.launcher.internal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.qvit.api.quant.QuantizationRecipe;
import io.qvit.engine.experiment.ExperimentException;
import io.qvit.engine.experiment.ExperimentFile;
import io.qvit.engine.experiment.ExperimentReader;
import io.qvit.engine.experiment.MatrixCell;
import io.qvit.engine.recipe.RecipeExpander;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code qvit validate FILE}: checks an experiment file (YAML, schema, plugin ids, referenced
 * files) and prints one line per problem; with {@code --expand}, prints the fully expanded form.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check an experiment file; print one line per problem (exit 2) or OK (exit 0).")
public final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    private QvitCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The experiment file.")
    private Path file;

    @Inject
    private ExperimentReader reader;

    @Option(names = "--expand", description = "Print the experiment with its method preset expanded (one YAML document per variant); for a matrix, list its cells.")
    private boolean expand;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.List<MatrixCell> cells = Experiments.readAndCheckCells(reader, file, parent.platform().registry(), err);
        if (cells == null) {
            return ExitCodes.BAD_INPUT;
        }
        if (cells.get(0).id() != null) {
            out.println(matrix(file, cells, expand));
            out.flush();
            return ExitCodes.OK;
        }
        ExperimentFile experiment = cells.get(0).file();
        if (expand) {
            java.util.List<ExperimentFile> parts = new java.util.ArrayList<>();
            for (int i = 0; i < experiment.spec().variants().size(); i++) {
                parts.add(experiment.variant(i));
            }
            if (parts.isEmpty()) {
                parts.add(experiment);
            }
            for (ExperimentFile part : parts) {
                QuantizationRecipe recipe;
                try {
                    recipe = new RecipeExpander(parent.platform().registry()).expand(part);
                } catch (ExperimentException e) {
                    err.println(e.getMessage());
                    return ExitCodes.BAD_INPUT;
                }
                if (parts.size() > 1) {
                    out.println("---");
                }
                out.print(expanded(part, recipe));
            }
        } else {
            out.println("OK " + file);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A matrix file: its cells, one line each (id and axis values), with {@code --expand}. */
    private static String matrix(Path file, java.util.List<MatrixCell> cells, boolean expand) {
        if (!expand) {
            return "OK " + file + " (matrix of " + cells.size() + " cells; --expand lists them)";
        }
        StringBuilder sb = new StringBuilder();
        int width = cells.stream().mapToInt(c -> c.id().length()).max().orElse(0);
        for (MatrixCell c : cells) {
            StringBuilder axes = new StringBuilder();
            c.labels().forEach((k, v) -> axes.append(axes.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            sb.append(String.format("%-" + width + "s  %s%n", c.id(), axes));
        }
        return sb.append(cells.size()).append(" cells").toString();
    }

    /** The experiment with its quantization section replaced by the explicit recipe, as YAML. */
    static String expanded(ExperimentFile experiment, QuantizationRecipe recipe) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = yaml.convertValue(experiment.tree().root(), LinkedHashMap.class);
        if (recipe != null) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("reparameterizations", recipe.reparameterizations());
            Map<String, Object> sites = new LinkedHashMap<>();
            recipe.sites().forEach((k, v) -> sites.put(k, Experiments.ruleMap(v)));
            q.put("sites", sites);
            if (recipe.bitAllocator() != null) {
                q.put("bit_allocator", recipe.bitAllocator());
            }
            tree.put("quantization", q);
        }
        return yaml.writeValueAsString(tree);
    }
}
