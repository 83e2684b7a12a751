package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads experiment files: bounded, strictly UTF-8 text ({@link ExperimentText}), YAML with source positions, {@code ${ENV}} interpolation, JSON Schema
 * validation, then binding to {@link ExperimentSpec}. Every failure is an
 * {@link ExperimentException} naming the file, line, column and key.
 */
public final class ExperimentReader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ExperimentSchema schema;
    private final EnvInterpolation interpolation;

    /** A reader that interpolates from {@code env}. */
    public ExperimentReader(ExperimentSchema schema, Function<String, String> env) {
        this.schema = schema;
        this.interpolation = new EnvInterpolation(env);
    }

    /**
     * Reads and validates {@code file}, an experiment without {@code matrix}.
     *
     * @throws ExperimentException the first problem in file order; for a file with a matrix, a
     *     line saying how to run its cells
     */
    public ExperimentFile read(Path file) throws ExperimentException {
        LocatedTree tree = parse(file);
        if (MatrixExpansion.isMatrix(tree)) {
            int n = MatrixExpansion.expand(tree).size();
            throw tree.error(MatrixExpansion.MATRIX, "this file is a matrix of " + n + " cells: run them with 'qvit sweep "
                    + file + "', or one with 'qvit run " + file + " --cell ID' ('qvit validate --expand' lists the ids)");
        }
        return checked(file, tree);
    }

    /**
     * Reads and validates every cell of {@code file}; a file without {@code matrix} is one cell
     * with id {@code null}.
     *
     * @throws ExperimentException the first problem in file order
     */
    public List<MatrixCell> cells(Path file) throws ExperimentException {
        LocatedTree tree = parse(file);
        if (!MatrixExpansion.isMatrix(tree)) {
            return List.of(new MatrixCell(null, Map.of(), checked(file, tree)));
        }
        List<MatrixCell> out = new ArrayList<>();
        for (MatrixExpansion.Cell c : MatrixExpansion.expand(tree)) {
            out.add(new MatrixCell(c.id(), c.labels(), checked(file, c.tree())));
        }
        return out;
    }

    /**
     * Reads and validates the cell {@code id} of a matrix file.
     *
     * @throws ExperimentException for any problem of the file or that cell, or an unknown id
     */
    public ExperimentFile cell(Path file, String id) throws ExperimentException {
        LocatedTree tree = parse(file);
        if (!MatrixExpansion.isMatrix(tree)) {
            throw new ExperimentException(file, 0, 0, "", "--cell " + id + ": this file has no 'matrix'");
        }
        List<String> ids = new ArrayList<>();
        for (MatrixExpansion.Cell c : MatrixExpansion.expand(tree)) {
            if (c.id().equals(id)) {
                return checked(file, c.tree());
            }
            ids.add(c.id());
        }
        throw tree.error(MatrixExpansion.MATRIX, "no cell '" + id + "' (cells: " + String.join(", ", ids) + ")");
    }

    /**
     * All schema problems of {@code file} in file order (a parse problem alone if it does not
     * parse); for a matrix, of every cell, each problem once.
     */
    public List<ExperimentException> problems(Path file) {
        try {
            LocatedTree tree = parse(file);
            if (!MatrixExpansion.isMatrix(tree)) {
                return problems(tree);
            }
            Map<String, ExperimentException> out = new LinkedHashMap<>();
            for (MatrixExpansion.Cell c : MatrixExpansion.expand(tree)) {
                for (ExperimentException e : problems(c.tree())) {
                    out.putIfAbsent(e.getMessage(), e);
                }
            }
            List<ExperimentException> list = new ArrayList<>(out.values());
            list.sort(Comparator.comparingInt(ExperimentException::line).thenComparingInt(ExperimentException::column));
            return list;
        } catch (ExperimentException e) {
            return List.of(e);
        }
    }

    private List<ExperimentException> problems(LocatedTree tree) {
        try {
            interpolation.apply(tree);
            return schema.validate(tree);
        } catch (ExperimentException e) {
            return List.of(e);
        }
    }

    private ExperimentFile checked(Path file, LocatedTree tree) throws ExperimentException {
        interpolation.apply(tree);
        List<ExperimentException> problems = schema.validate(tree);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return bind(file, tree);
    }

    private LocatedTree parse(Path file) throws ExperimentException {
        if (Files.isDirectory(file)) {
            throw new ExperimentException(file, 0, 0, "", "is a directory, not an experiment file");
        }
        return LocatedTree.parse(file, new StringReader(ExperimentText.read(file)));
    }

    private static ExperimentFile bind(Path file, LocatedTree tree) throws ExperimentException {
        try {
            ExperimentSpec spec = MAPPER.treeToValue(tree.root(), ExperimentSpec.class);
            return new ExperimentFile(file, spec, tree);
        } catch (JsonMappingException e) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : e.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            throw tree.error(path.toString(), e.getOriginalMessage().lines().findFirst().orElse("invalid value"));
        } catch (IOException e) {
            throw new ExperimentException(file, 0, 0, "", e.getMessage());
        }
    }
}
