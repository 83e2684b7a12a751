package io.qvit.engine.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
     * Reads and validates {@code file}.
     *
     * @throws ExperimentException the first problem in file order
     */
    public ExperimentFile read(Path file) throws ExperimentException {
        List<ExperimentException> problems = problems(file);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return bind(file, parse(file));
    }

    /** All schema problems of {@code file} in file order (a parse problem alone if it does not parse). */
    public List<ExperimentException> problems(Path file) {
        try {
            return schema.validate(parse(file));
        } catch (ExperimentException e) {
            return List.of(e);
        }
    }

    private LocatedTree parse(Path file) throws ExperimentException {
        if (Files.isDirectory(file)) {
            throw new ExperimentException(file, 0, 0, "", "is a directory, not an experiment file");
        }
        LocatedTree tree = LocatedTree.parse(file, new StringReader(ExperimentText.read(file)));
        interpolation.apply(tree);
        return tree;
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
